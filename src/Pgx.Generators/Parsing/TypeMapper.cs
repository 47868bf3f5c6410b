using Microsoft.CodeAnalysis;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>The CLR → PostgreSQL type mapping: the column type each property type gets by default.</summary>
internal static class TypeMapper
{
    /// <summary>What a property type maps to.</summary>
    /// <param name="Kind">The CLR kind.</param>
    /// <param name="PgType">The default PostgreSQL type.</param>
    /// <param name="IsNullableValueType">Whether it was <c>Nullable&lt;T&gt;</c>.</param>
    /// <param name="EnumUnderlyingType">For enums, the underlying type keyword.</param>
    internal readonly record struct Mapping(ClrKind Kind, string PgType, bool IsNullableValueType, string? EnumUnderlyingType);

    /// <summary>Maps <paramref name="type"/>, or returns null when Pgx does not support it.</summary>
    public static Mapping? Map(ITypeSymbol type)
    {
        var nullableValue = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            nullableValue = true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Int16: return new Mapping(ClrKind.Int16, "smallint", nullableValue, null);
            case SpecialType.System_Int32: return new Mapping(ClrKind.Int32, "integer", nullableValue, null);
            case SpecialType.System_Int64: return new Mapping(ClrKind.Int64, "bigint", nullableValue, null);
            case SpecialType.System_Boolean: return new Mapping(ClrKind.Boolean, "boolean", nullableValue, null);
            case SpecialType.System_String: return new Mapping(ClrKind.String, "text", false, null);
            case SpecialType.System_Decimal: return new Mapping(ClrKind.Decimal, "numeric", nullableValue, null);
            case SpecialType.System_Double: return new Mapping(ClrKind.Double, "double precision", nullableValue, null);
            case SpecialType.System_Single: return new Mapping(ClrKind.Single, "real", nullableValue, null);
            case SpecialType.System_DateTime: return new Mapping(ClrKind.DateTime, "timestamp", nullableValue, null);
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return new Mapping(ClrKind.Bytes, "bytea", false, null);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            var wide = underlying.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_UInt32;
            return new Mapping(ClrKind.Enum, wide ? "bigint" : "integer", nullableValue, underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        if (type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named)
        {
            switch (named.MetadataName)
            {
                case "Guid": return new Mapping(ClrKind.Guid, "uuid", nullableValue, null);
                case "DateTimeOffset": return new Mapping(ClrKind.DateTimeOffset, "timestamptz", nullableValue, null);
                case "DateOnly": return new Mapping(ClrKind.DateOnly, "date", nullableValue, null);
                case "TimeOnly": return new Mapping(ClrKind.TimeOnly, "time", nullableValue, null);
            }
        }

        return null;
    }

    /// <summary>Whether a key of this kind can take values from a sequence.</summary>
    public static bool IsInteger(ClrKind kind) => kind is ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64;
}
