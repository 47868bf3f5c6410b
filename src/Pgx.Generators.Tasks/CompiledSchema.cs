using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pgx.Generators.Tasks;

/// <summary>
/// The string constants of <c>Pgx.Generated.PgxSchema</c> in a compiled assembly, read from its metadata:
/// the assembly is never loaded, so none of the user's code runs at build time.
/// </summary>
internal sealed class CompiledSchema
{
    /// <summary>The namespace of the generated schema class.</summary>
    public const string Namespace = "Pgx.Generated";

    /// <summary>The name of the generated schema class.</summary>
    public const string TypeName = "PgxSchema";

    private CompiledSchema(string assemblyName, Version assemblyVersion, string? generatorVersion, bool hasSchemaType, IReadOnlyDictionary<string, string> constants)
    {
        AssemblyName = assemblyName;
        AssemblyVersion = assemblyVersion;
        GeneratorVersion = generatorVersion;
        HasSchemaType = hasSchemaType;
        Constants = constants;
    }

    /// <summary>The simple name of the compiled assembly.</summary>
    public string AssemblyName { get; }

    /// <summary>The assembly version of the compiled assembly.</summary>
    public Version AssemblyVersion { get; }

    /// <summary>The version in <c>[GeneratedCode("Pgx.Generators", …)]</c> on the schema class, if present.</summary>
    public string? GeneratorVersion { get; }

    /// <summary>Whether the assembly contains <c>Pgx.Generated.PgxSchema</c> at all.</summary>
    public bool HasSchemaType { get; }

    /// <summary>Every <c>public const string</c> of the schema class, by field name (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Constants { get; }

    /// <summary>Reads <paramref name="assemblyPath"/>'s metadata.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static CompiledSchema Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("Not a .NET assembly: " + assemblyPath);
        }

        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly)
        {
            throw new BadImageFormatException("Not a .NET assembly (a module without a manifest): " + assemblyPath);
        }

        var assembly = reader.GetAssemblyDefinition();
        var name = reader.GetString(assembly.Name);
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (!type.GetDeclaringType().IsNil
                || !reader.StringComparer.Equals(type.Namespace, Namespace)
                || !reader.StringComparer.Equals(type.Name, TypeName))
            {
                continue;
            }

            ReadConstants(reader, type, constants);
            return new CompiledSchema(name, assembly.Version, ReadGeneratorVersion(reader, type), hasSchemaType: true, constants);
        }

        return new CompiledSchema(name, assembly.Version, generatorVersion: null, hasSchemaType: false, constants);
    }

    private static void ReadConstants(MetadataReader reader, TypeDefinition type, Dictionary<string, string> constants)
    {
        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            var attributes = field.Attributes;
            if ((attributes & FieldAttributes.Literal) == 0 || (attributes & FieldAttributes.FieldAccessMask) != FieldAttributes.Public)
            {
                continue;
            }

            var constantHandle = field.GetDefaultValue();
            if (constantHandle.IsNil)
            {
                continue;
            }

            var constant = reader.GetConstant(constantHandle);
            if (constant.TypeCode != ConstantTypeCode.String)
            {
                continue;
            }

            // String constants are stored as UTF-16LE without a terminator (ECMA-335 II.22.9).
            var blob = reader.GetBlobReader(constant.Value);
            constants[reader.GetString(field.Name)] = blob.ReadUTF16(blob.Length);
        }
    }

    /// <summary>
    /// The version argument of <c>[System.CodeDom.Compiler.GeneratedCode("Pgx.Generators", version)]</c>, decoded
    /// by hand from the attribute blob (prolog 0x0001, then two SerStrings: ECMA-335 II.23.3).
    /// </summary>
    private static string? ReadGeneratorVersion(MetadataReader reader, TypeDefinition type)
    {
        foreach (var attributeHandle in type.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(attributeHandle);
            if (!IsGeneratedCodeAttribute(reader, attribute.Constructor))
            {
                continue;
            }

            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.Length < 2 || blob.ReadUInt16() != 1)
            {
                continue;
            }

            var tool = blob.ReadSerializedString();
            var version = blob.ReadSerializedString();
            if (tool == "Pgx.Generators" && !string.IsNullOrEmpty(version))
            {
                return version;
            }
        }

        return null;
    }

    private static bool IsGeneratedCodeAttribute(MetadataReader reader, EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var typeReference = reader.GetTypeReference((TypeReferenceHandle)parent);
        return reader.StringComparer.Equals(typeReference.Namespace, "System.CodeDom.Compiler")
            && reader.StringComparer.Equals(typeReference.Name, "GeneratedCodeAttribute");
    }
}
