using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// Attributes → <see cref="TableSpec"/>. One parser for two readers: the generator keeps the spec (and skips
/// the record when there are errors), the model analyzer reports the problems. Never throws on broken code.
/// </summary>
internal static class ModelParser
{
    /// <summary>
    /// Whether <paramref name="type"/> carries an attribute that makes it a table model: [PgTable] or [ForeignTable].
    /// [PartitionBy] alone does not (PGX0038), so that the generator discovers each record through one attribute.
    /// </summary>
    public static bool IsTableModel(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.Is(KnownAttributes.PgTable) || a.Is(KnownAttributes.ForeignTable));

    /// <summary>
    /// The table <paramref name="type"/> maps to, named as <see cref="Parse"/> names it, without parsing the rest
    /// (so also for records with model errors).
    /// </summary>
    public static (string Schema, string Name) TableName(INamedTypeSymbol type)
    {
        var attributes = type.GetAttributes();
        var pgTable = attributes.Find(KnownAttributes.PgTable);
        var tableAnnotation = attributes.Find(KnownAttributes.Table);
        var name = (pgTable ?? tableAnnotation)?.StringArg(0) ?? Names.ToSnakeCase(type.Name);
        return (pgTable?.NamedString(nameof(PgTableAttribute.Schema)) ?? tableAnnotation?.NamedString(KnownAttributes.TableSchema) ?? "public", name);
    }

    /// <summary>Parses <paramref name="type"/> with every problem and its location: what the analyzers report.</summary>
    public static ModelParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var problems = ProblemList.Collecting(cancellationToken);
        var spec = ParseInto(problems, type, cancellationToken);
        return new ModelParseResult(spec, problems.ToImmutable());
    }

    /// <summary>
    /// The model of <paramref name="type"/>, or null when it has an error: what the generator needs. Finds the same
    /// problems as <see cref="Parse"/> but keeps none, so no location is looked
    /// up and nothing is explained.
    /// </summary>
    public static TableSpec? SpecOf(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        ParseInto(ProblemList.ErrorsOnly(), type, cancellationToken);

    private static TableSpec? ParseInto(ProblemList problems, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        // Symbols' locations are new objects on every read: looked up only when a problem is kept.
        var typeLocation = ProblemLocation.Symbol(type);
        var attributes = AttributeList.Of(type.GetAttributes());

        CheckShape(type, typeLocation, problems);

        var pgTable = attributes.Find(KnownAttributes.PgTable);
        var tableAnnotation = attributes.Find(KnownAttributes.Table);
        var nameSource = pgTable ?? tableAnnotation;
        var name = nameSource?.StringArg(0) ?? Names.ToSnakeCase(type.Name);
        var schema = pgTable?.NamedString(nameof(PgTableAttribute.Schema)) ?? tableAnnotation?.NamedString(KnownAttributes.TableSchema) ?? "public";
        CheckIdentifier("table", name, nameSource.AtArgument(0).Or(typeLocation), problems, type.Name);
        CheckIdentifier("schema", schema, nameSource.AtNamedArgument(nameSource == pgTable ? nameof(PgTableAttribute.Schema) : KnownAttributes.TableSchema).Or(typeLocation), problems, type.Name);

        var foreignAttribute = attributes.Find(KnownAttributes.ForeignTable);
        var foreign = foreignAttribute is null ? null : ParseForeign(type, foreignAttribute, name, cancellationToken, problems);

        // Roslyn builds new arrays of these on every call: read once, shared below.
        var members = TypeHierarchy.MembersBaseFirst(type, cancellationToken);
        var constructors = type.InstanceConstructors;
        var constructor = FindPrimaryConstructor(constructors, cancellationToken, out var constructorParameters);
        var columns = ParseColumns(type, members, constructorParameters, problems, cancellationToken, out var keyCandidates);

        var keyProperties = ResolveKeys(type, columns, keyCandidates, foreign is not null, typeLocation, problems);
        var columnSpecs = new List<ColumnSpec>(columns.Count);
        foreach (var column in columns)
        {
            // Columns with [PgKey] or [Key] are made keys; only a key found by convention (Id) is marked here.
            if (!column.Spec.IsKey && keyProperties.Contains(column.Spec.PropertyName))
            {
                column.Spec = column.Spec with { IsKey = true };
            }

            columnSpecs.Add(column.Spec);
        }

        var sequence = foreign is null ? ResolveSequence(type.Name, schema, name, columns, cancellationToken, problems) : null;

        var partitioning = PartitionParser.Parse(type, attributes, name, schema, columnSpecs, foreign is not null, cancellationToken, problems);
        CheckTriggerRoutedKey(type, schema, name, columns, sequence, partitioning, cancellationToken, problems);
        CheckPartitionKeyType(type.Name, partitioning, columns, problems);
        var indexes = ParseIndexes(type, attributes, schema, name, columnSpecs, partitioning, cancellationToken, problems);

        if (problems.HasErrors)
        {
            return null;
        }

        var parameters = constructor is null ? EquatableArray<ConstructorParameterSpec>.Empty : ParametersOf(constructorParameters, columnSpecs);

        var ns = TypeNames.Namespace(type.ContainingNamespace);
        var columnArray = columnSpecs.ToEquatableArray();
        var isVisibleInNamespace = IsVisibleInNamespace(type);
        var canConstruct = constructor is not null || HasParameterlessConstructor(type, constructors);
        var requiredMembers = RepositoryGapProblems.RequiredMembers(members, constructors, constructor);
        var spec = new TableSpec(
            ns,
            type.Name,
            TypeNames.FullyQualified(type, ns),
            IsEffectivelyPublic(type),
            type.IsValueType,
            schema,
            name,
            columnArray,
            sequence,
            partitioning,
            indexes.ToEquatableArray(),
            foreign,
            parameters)
        {
            IsVisibleInNamespace = isVisibleInNamespace,
            CanConstruct = canConstruct,
            RequiredMembers = requiredMembers,
            RepositoryGaps = Parsing.RepositoryGaps.Of(type.Name, isVisibleInNamespace, canConstruct, requiredMembers, columnArray, sequence),
        };
        if (problems.KeepsProblems)
        {
            // Warnings only: they explain a gap the model already holds.
            RepositoryGapProblems.Report(type, spec, problems);
        }

        return spec;
    }

    /// <summary>Reports an empty or over-long identifier that the user wrote on <paramref name="owner"/> (a record's name, or the assembly).</summary>
    public static void CheckIdentifier(string what, string identifier, ProblemLocation location, ProblemList problems, string owner = "this assembly")
    {
        if (identifier.Length == 0)
        {
            problems.Add(Descriptors.EmptyIdentifier, location, what, owner);
        }
        else if (Names.IsTooLong(identifier))
        {
            problems.Add(Descriptors.IdentifierTooLong, location, what, identifier, System.Text.Encoding.UTF8.GetByteCount(identifier).ToString(System.Globalization.CultureInfo.InvariantCulture), owner);
        }
    }

    private static void CheckShape(INamedTypeSymbol type, ProblemLocation location, ProblemList problems)
    {
        string? why = null;
        if (!type.IsRecord)
        {
            why = "is not a record";
        }
        else if (type.IsAbstract)
        {
            why = "is abstract";
        }
        else if (!TypeHierarchy.HoldsForSelfAndContainingTypes(type, static t => !t.IsGenericType))
        {
            why = "is generic";
        }

        if (why is not null)
        {
            problems.Add(Descriptors.NotARecord, location, type.Name, why);
        }
    }

    private static EquatableArray<ConstructorParameterSpec> ParametersOf(ImmutableArray<IParameterSymbol> constructorParameters, List<ColumnSpec> columns)
    {
        var parameters = new ConstructorParameterSpec[constructorParameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = constructorParameters[i];
            parameters[i] = new ConstructorParameterSpec(parameter.Name, TypeNames.Of(parameter.Type), ColumnIndex(columns, parameter.Name));
        }

        return new EquatableArray<ConstructorParameterSpec>(parameters);
    }

    private static int ColumnIndex(List<ColumnSpec> columns, string propertyName)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].PropertyName == propertyName)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsEffectivelyPublic(INamedTypeSymbol type) =>
        TypeHierarchy.HoldsForSelfAndContainingTypes(type, static t => t.DeclaredAccessibility == Accessibility.Public);

    private static bool IsVisibleInNamespace(INamedTypeSymbol type) =>
        TypeHierarchy.HoldsForSelfAndContainingTypes(type, RepositoryGapProblems.IsNameableInNamespace);

    private static bool HasParameterlessConstructor(INamedTypeSymbol type, ImmutableArray<IMethodSymbol> constructors) =>
        type.IsValueType || constructors.Any(c => c.Parameters.Length == 0
            && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal);

    /// <summary>The primary constructor when it has parameters, and its parameters (a new array on every read of <c>Parameters</c>); else null and none.</summary>
    private static IMethodSymbol? FindPrimaryConstructor(ImmutableArray<IMethodSymbol> instanceConstructors, CancellationToken cancellationToken, out ImmutableArray<IParameterSymbol> parameters)
    {
        parameters = ImmutableArray<IParameterSymbol>.Empty;
        foreach (var constructor in instanceConstructors)
        {
            // The primary constructor is declared by the type declaration itself, not by a constructor declaration.
            var declarations = constructor.DeclaringSyntaxReferences;
            if (declarations.Length > 0
                && declarations[0].GetSyntax(cancellationToken) is TypeDeclarationSyntax)
            {
                var declared = constructor.Parameters;
                if (declared.Length == 0)
                {
                    return null;
                }

                parameters = declared;
                return constructor;
            }
        }

        return null;
    }

    /// <summary>
    /// PGX0026: a <c>[PgColumn(Type = …)]</c> on a LIST or RANGE key that makes PostgreSQL store or compare the key
    /// differently from the C# routing. (HASH keys are routed by PostgreSQL alone.)
    /// </summary>
    private static void CheckPartitionKeyType(string record, PartitioningSpec? partitioning, List<ParsedColumn> columns, ProblemList problems)
    {
        if (partitioning is null || partitioning.Kind == PartitionKind.Hash)
        {
            return;
        }

        ParsedColumn? key = null;
        foreach (var column in columns)
        {
            if (column.Spec.PropertyName == partitioning.KeyProperty)
            {
                key = column;
                break;
            }
        }

        if (key is not { TypeLocation: { } typeLocation } || PartitionKeyStorage.UnroutableReason(key.Spec) is not { } why)
        {
            return;
        }

        problems.Add(Descriptors.UnroutablePartitionKeyType, typeLocation, key.Spec.PgType, key.Spec.PropertyName, key.Property.Type.ToDisplayString(), why, record);
    }

    /// <summary>A column and what the parser still needs about it.</summary>
    private sealed class ParsedColumn
    {
        public ParsedColumn(ColumnSpec spec, IPropertySymbol property, PropertyAttributes attributes, ProblemLocation location, ProblemLocation? typeLocation)
        {
            Spec = spec;
            Property = property;
            Attributes = attributes;
            Location = location;
            TypeLocation = typeLocation;
        }

        /// <summary>The column; replaced once when it turns out to be the key by convention.</summary>
        public ColumnSpec Spec { get; set; }

        /// <summary>Its property.</summary>
        public IPropertySymbol Property { get; }

        /// <summary>The property's attributes and its positional parameter's.</summary>
        public PropertyAttributes Attributes { get; }

        /// <summary>The property.</summary>
        public ProblemLocation Location { get; }

        /// <summary>Where the column type is overridden (<c>Type = …</c>), if it is.</summary>
        public ProblemLocation? TypeLocation { get; }
    }

    /// <summary>A property's attributes together with those on its positional parameter (empty when it has none).</summary>
    private sealed record PropertyAttributes(AttributeList Property, AttributeList Parameter)
    {
        /// <summary>No attributes on the property or its parameter: most columns, shared.</summary>
        public static readonly PropertyAttributes None = new(AttributeList.Empty, AttributeList.Empty);

        public static PropertyAttributes Of(AttributeList property, AttributeList parameter) =>
            ReferenceEquals(property, AttributeList.Empty) && ReferenceEquals(parameter, AttributeList.Empty) ? None : new PropertyAttributes(property, parameter);

        public AttributeData? Find(string metadataName) => Property.Find(metadataName) ?? Parameter.Find(metadataName);
    }

    private static List<ParsedColumn> ParseColumns(
        INamedTypeSymbol type,
        List<DeclaredMembers> members,
        ImmutableArray<IParameterSymbol> constructorParameters,
        ProblemList problems,
        CancellationToken cancellationToken,
        out List<string> keyCandidates)
    {
        keyCandidates = new List<string>();
        var columns = new List<ParsedColumn>();
        // The record's own positional parameters: which have no attribute, as its declaration shows.
        var own = members[members.Count - 1];
        foreach (var (property, hasNoAttributes) in MappedProperties(members))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameter = ParameterNamed(constructorParameters, property.Name);

            // Roslyn binds attributes on request; a member whose declaration has none is not asked.
            var attributes = PropertyAttributes.Of(
                hasNoAttributes ? AttributeList.Empty : AttributeList.Of(property.GetAttributes()),
                parameter is null || own.ParameterHasNoAttributes(parameter.Ordinal) ? AttributeList.Empty : AttributeList.Of(parameter.GetAttributes()));
            if (attributes.Find(KnownAttributes.PgIgnore) is not null || attributes.Find(KnownAttributes.NotMapped) is not null)
            {
                continue;
            }

            var location = ProblemLocation.Symbol(property);

            // A new symbol on every read when the type is annotated (as every type is in a nullable context): read once.
            var propertyType = property.Type;
            var mapping = TypeMapper.Map(propertyType);
            if (mapping is null)
            {
                problems.Add(Descriptors.UnsupportedPropertyType, location, property.Name, propertyType.ToDisplayString(), type.Name);
                continue;
            }

            var pgColumn = attributes.Find(KnownAttributes.PgColumn);
            var columnAnnotation = attributes.Find(KnownAttributes.Column);
            var columnName = pgColumn?.StringArg(0) ?? columnAnnotation?.StringArg(0) ?? Names.ToSnakeCase(property.Name);
            CheckIdentifier("column", columnName, (pgColumn ?? columnAnnotation).AtArgument(0).Or(location), problems, type.Name);

            var pgType = mapping.Value.PgType;
            var typeOverride = pgColumn?.NamedString(nameof(PgColumnAttribute.Type)) ?? columnAnnotation?.NamedString(KnownAttributes.ColumnTypeName);
            ProblemLocation? typeLocation = null;
            if (typeOverride is not null)
            {
                var typeAttribute = pgColumn?.NamedString(nameof(PgColumnAttribute.Type)) is not null ? pgColumn : columnAnnotation;
                var overriddenAt = typeAttribute.AtNamedArgument(typeAttribute == pgColumn ? nameof(PgColumnAttribute.Type) : KnownAttributes.ColumnTypeName).Or(location);
                typeLocation = overriddenAt;
                if (ColumnTypeName.IsValid(typeOverride))
                {
                    pgType = typeOverride.Trim();
                }
                else
                {
                    problems.Add(Descriptors.InvalidColumnType, overriddenAt, typeOverride, property.Name, type.Name);
                }

                if (mapping.Value.Kind == ClrKind.Enum && PgTypeFamilies.IntegerStorage(pgType) is null)
                {
                    // Written and read as its number (an unchecked cast to "text" or "numeric" stores garbage).
                    problems.Add(Descriptors.EnumColumnTypeNotInteger, overriddenAt, typeOverride, property.Name, type.Name);
                }
            }

            var defaultSql = pgColumn?.NamedString(nameof(PgColumnAttribute.DefaultSql));
            if (defaultSql is not null && !ColumnDefaultSql.IsValid(defaultSql))
            {
                problems.Add(Descriptors.InvalidColumnDefault, pgColumn.AtNamedArgument(nameof(PgColumnAttribute.DefaultSql)).Or(location), defaultSql, property.Name, type.Name);
                defaultSql = null;
            }

            var isNullable = mapping.Value.IsNullableValueType
                || (propertyType.IsReferenceType && property.NullableAnnotation != NullableAnnotation.NotAnnotated);
            var isSettable = property.SetMethod is { DeclaredAccessibility: Accessibility.Public };
            var isKey = attributes.Find(KnownAttributes.PgKey) is not null || attributes.Find(KnownAttributes.Key) is not null;
            var spec = new ColumnSpec(
                property.Name,
                columnName,
                pgType,
                mapping.Value.Kind,
                TypeNames.Of(propertyType),
                mapping.Value.EnumUnderlyingType,
                isNullable,
                isKey,
                parameter?.Ordinal ?? -1,
                isSettable)
            {
                RenamedFrom = pgColumn?.NamedString(nameof(PgColumnAttribute.RenamedFrom)),
                DefaultSql = defaultSql?.Trim(),
            };

            if (isKey)
            {
                keyCandidates.Add(property.Name);
            }

            var duplicate = ColumnNamed(columns, columnName);
            if (duplicate is not null)
            {
                problems.AddRelated(Descriptors.DuplicateColumn, location, duplicate.Location, duplicate.Spec.PropertyName, property.Name, columnName, type.Name);
            }

            columns.Add(new ParsedColumn(spec, property, attributes, location, typeLocation));
        }

        return columns;
    }

    private static IParameterSymbol? ParameterNamed(ImmutableArray<IParameterSymbol> constructorParameters, string name)
    {
        foreach (var parameter in constructorParameters)
        {
            if (parameter.Name == name)
            {
                return parameter;
            }
        }

        return null;
    }

    private static ParsedColumn? ColumnNamed(List<ParsedColumn> columns, string columnName)
    {
        foreach (var column in columns)
        {
            if (column.Spec.ColumnName == columnName)
            {
                return column;
            }
        }

        return null;
    }

    /// <summary>
    /// Public instance properties with a getter, base record first, in declaration order, each with whether its
    /// declaration shows it has no attribute.
    /// </summary>
    private static List<(IPropertySymbol Property, bool HasNoAttributes)> MappedProperties(List<DeclaredMembers> membersBaseFirst)
    {
        // A type's own properties have distinct names; only a derived record's can hide its base's.
        var seen = membersBaseFirst.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        var properties = new List<(IPropertySymbol, bool)>();
        foreach (var declared in membersBaseFirst)
        {
            var symbols = declared.Symbols;
            for (var i = 0; i < symbols.Length; i++)
            {
                if (symbols[i] is IPropertySymbol
                    {
                        IsStatic: false,
                        IsIndexer: false,
                        DeclaredAccessibility: Accessibility.Public,
                        GetMethod: not null,
                    } property
                    && property.Name != "EqualityContract"
                    && (seen is null || seen.Add(property.Name)))
                {
                    properties.Add((property, declared.HasNoAttributes(i)));
                }
            }
        }

        return properties;
    }

    private static List<ParsedColumn> KeyColumns(List<ParsedColumn> columns)
    {
        var keys = new List<ParsedColumn>(1);
        foreach (var column in columns)
        {
            if (column.Spec.IsKey)
            {
                keys.Add(column);
            }
        }

        return keys;
    }

    /// <summary>The key properties, by name (a name may repeat when a property and its parameter both say so).</summary>
    private static List<string> ResolveKeys(
        INamedTypeSymbol type,
        List<ParsedColumn> columns,
        List<string> explicitKeys,
        bool isForeign,
        ProblemLocation typeLocation,
        ProblemList problems)
    {
        if (explicitKeys.Count > 0)
        {
            return explicitKeys;
        }

        // EF Core's convention: Id, or <Type>Id, in any case.
        var conventional = columns.FirstOrDefault(c => string.Equals(c.Spec.PropertyName, "Id", StringComparison.OrdinalIgnoreCase))
            ?? columns.FirstOrDefault(c => string.Equals(c.Spec.PropertyName, type.Name + "Id", StringComparison.OrdinalIgnoreCase));
        if (conventional is not null)
        {
            return new List<string>(1) { conventional.Spec.PropertyName };
        }

        if (!isForeign)
        {
            problems.Add(Descriptors.MissingKey, typeLocation, type.Name);
        }

        return new List<string>();
    }

    private static SequenceSpec? ResolveSequence(string record, string schema, string table, List<ParsedColumn> columns, CancellationToken cancellationToken, ProblemList problems)
    {
        SequenceSpec? sequence = null;
        foreach (var column in columns)
        {
            var named = column.Attributes.Find(KnownAttributes.PgSequence);
            if (named is null)
            {
                continue;
            }

            if (!TypeMapper.IsInteger(column.Spec.Kind))
            {
                problems.Add(Descriptors.KeyCannotUseSequence, named.At().Or(column.Location), column.Spec.PropertyName, column.Property.Type.ToDisplayString(), record);
                continue;
            }

            var sequenceName = named.StringArg(0) ?? "";
            var sequenceSchema = named.NamedString(nameof(PgSequenceAttribute.Schema)) ?? schema;
            CheckIdentifier("sequence", sequenceName, named.AtArgument(0), problems, record);
            CheckIdentifier("schema", sequenceSchema, named.AtNamedArgument(nameof(PgSequenceAttribute.Schema)), problems, record);
            sequence ??= new SequenceSpec(sequenceSchema, sequenceName, column.Spec.ColumnName, column.Spec.PgType, IsOwnedByTable: false);
        }

        if (sequence is not null)
        {
            return sequence;
        }

        var keys = KeyColumns(columns);
        if (keys.Count != 1 || !TypeMapper.IsInteger(keys[0].Spec.Kind) || !UsesSequence(keys[0]))
        {
            return null;
        }

        var key = keys[0].Spec;
        return new SequenceSpec(schema, Names.Derived(table + "_" + key.ColumnName, "_seq"), key.ColumnName, key.PgType, IsOwnedByTable: true);
    }

    private static bool UsesSequence(ParsedColumn column)
    {
        if (column.Attributes.Find(KnownAttributes.PgKey) is { } pgKey && !pgKey.NamedBool(nameof(PgKeyAttribute.UseSequence), true))
        {
            return false;
        }

        // [DatabaseGenerated(DatabaseGeneratedOption.None)]: the application supplies keys.
        return column.Attributes.Find(KnownAttributes.DatabaseGenerated) is not { } generated || generated.Arg(0)?.Value is not 0;
    }

    /// <summary>
    /// PGX0030, reported where the key's values are decided: at <c>UseSequence = false</c> or
    /// <c>[DatabaseGenerated(None)]</c> when one integer key could take them from the sequence, else at the key property.
    /// </summary>
    private static void CheckTriggerRoutedKey(
        INamedTypeSymbol type,
        string schema,
        string table,
        List<ParsedColumn> columns,
        SequenceSpec? sequence,
        PartitioningSpec? partitioning,
        CancellationToken cancellationToken,
        ProblemList problems)
    {
        var keys = KeyColumns(columns);
        if (keys.Count == 0 || partitioning is not { Routing: PartitionRouting.Trigger })
        {
            return;
        }

        var key = keys[0];
        var switchedOff = keys.Count == 1 && TypeMapper.IsInteger(key.Spec.Kind) && !UsesSequence(key);
        ProblemLocation location = key.Location;
        if (switchedOff)
        {
            location = key.Attributes.Find(KnownAttributes.PgKey) is { } pgKey && pgKey.Named(nameof(PgKeyAttribute.UseSequence)) is not null
                ? pgKey.AtNamedArgument(nameof(PgKeyAttribute.UseSequence))
                : key.Attributes.Find(KnownAttributes.DatabaseGenerated).At().Or(key.Location);
        }

        var keySpecs = new List<ColumnSpec>(keys.Count);
        foreach (var k in keys)
        {
            keySpecs.Add(k.Spec);
        }

        TriggerRoutedUniqueness.CheckKey(type.Name, schema, table, keySpecs, sequence, partitioning, switchedOff, location, problems);
    }

    private static List<IndexSpec> ParseIndexes(
        INamedTypeSymbol type,
        AttributeList attributes,
        string schema,
        string table,
        List<ColumnSpec> columns,
        PartitioningSpec? partitioning,
        CancellationToken cancellationToken,
        ProblemList problems)
    {
        var indexes = new List<IndexSpec>();
        var partitionKeyLocation = attributes.Find(KnownAttributes.PartitionBy).AtArgument(0);
        foreach (var attribute in attributes.FindAll(KnownAttributes.PgIndex))
        {
            var properties = attribute.ArrayArg(0);
            var indexColumns = new List<string>(properties.Length);
            var ok = properties.Length > 0;
            for (var i = 0; i < properties.Length; i++)
            {
                var property = properties[i].Value as string;
                var column = ColumnOfProperty(columns, property);
                if (column is null)
                {
                    problems.Add(Descriptors.UnknownIndexProperty, attribute.AtArgument(i), property ?? "(null)", type.Name);
                    ok = false;
                    continue;
                }

                indexColumns.Add(column.ColumnName);
            }

            if (properties.Length == 0)
            {
                problems.Add(Descriptors.UnknownIndexProperty, attribute.At(), "(none)", type.Name);
            }

            if (!ok)
            {
                continue;
            }

            var unique = attribute.NamedBool(nameof(PgIndexAttribute.Unique), false);
            if (unique && partitioning is { Routing: PartitionRouting.Declarative } && !indexColumns.Contains(partitioning.KeyColumn))
            {
                problems.AddRelated(Descriptors.UniqueIndexWithoutPartitionKey, attribute.AtArguments(0, properties.Length - 1), partitionKeyLocation, partitioning.KeyColumn, partitioning.KeyProperty, string.Join(", ", indexColumns), type.Name);
            }

            if (unique && partitioning?.Partitions.FirstOrDefault(p => p.Server is not null) is { } remote)
            {
                problems.Add(Descriptors.UniqueIndexWithForeignPartitions, attribute.AtNamedArgument(nameof(PgIndexAttribute.Unique)), string.Join(", ", indexColumns), type.Name, remote.Name, remote.Server!);
            }

            if (unique)
            {
                TriggerRoutedUniqueness.CheckIndex(type.Name, schema, table, indexColumns, partitioning, attribute.AtArguments(0, properties.Length - 1), problems, partitionKeyLocation);
            }

            var explicitName = attribute.NamedString(nameof(PgIndexAttribute.Name));
            if (explicitName is not null)
            {
                CheckIdentifier("index", explicitName, attribute.AtNamedArgument(nameof(PgIndexAttribute.Name)), problems, type.Name);
            }

            var name = explicitName ?? Names.Index(table, indexColumns, unique);
            indexes.Add(new IndexSpec(name, indexColumns.ToEquatableArray(), unique, explicitName is not null));
        }

        return indexes;
    }

    private static ColumnSpec? ColumnOfProperty(List<ColumnSpec> columns, string? propertyName)
    {
        foreach (var column in columns)
        {
            if (column.PropertyName == propertyName)
            {
                return column;
            }
        }

        return null;
    }

    private static ForeignTableSpec ParseForeign(INamedTypeSymbol type, AttributeData attribute, string table, CancellationToken cancellationToken, ProblemList problems)
    {
        var server = attribute.StringArg(0) ?? "";
        CheckIdentifier("foreign server", server, attribute.AtArgument(0), problems, type.Name);
        if (server.Length > 0 && !type.ContainingAssembly.GetAttributes().Any(a => a.Is(KnownAttributes.ForeignServer) && a.StringArg(0) == server))
        {
            problems.Add(Descriptors.UnknownForeignServer, attribute.AtArgument(0), server, "[ForeignTable] on " + type.Name);
        }

        var remoteSchema = attribute.NamedString(nameof(ForeignTableAttribute.RemoteSchema)) ?? "public";
        var remoteName = attribute.NamedString(nameof(ForeignTableAttribute.RemoteName)) ?? table;
        CheckIdentifier("remote schema", remoteSchema, attribute.AtNamedArgument(nameof(ForeignTableAttribute.RemoteSchema)), problems, type.Name);
        CheckIdentifier("remote table", remoteName, attribute.AtNamedArgument(nameof(ForeignTableAttribute.RemoteName)), problems, type.Name);
        return new ForeignTableSpec(server, remoteSchema, remoteName, attribute.NamedBool(nameof(ForeignTableAttribute.ReadOnly), true));
    }
}
