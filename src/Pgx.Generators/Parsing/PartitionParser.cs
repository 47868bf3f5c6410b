using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// [PartitionBy] and the partition attributes → <see cref="PartitioningSpec"/>, checking what PostgreSQL would
/// only reject at apply time (or, worse, accept): overlaps, duplicates, inverted ranges, bad values.
/// </summary>
internal static class PartitionParser
{
    private const int List = 0;
    private const int Range = 1;
    private const int Hash = 2;

    // The partition attributes as users write them, for the messages.
    private static readonly string ListPartition = Written(nameof(ListPartitionAttribute));
    private static readonly string RangePartition = Written(nameof(RangePartitionAttribute));
    private static readonly string HashPartitions = Written(nameof(HashPartitionsAttribute));

    /// <summary>Parses the partitioning of a record, or returns null when it is not partitioned (or is broken).</summary>
    public static PartitioningSpec? Parse(
        INamedTypeSymbol type,
        AttributeList attributes,
        string table,
        string schema,
        IReadOnlyList<ColumnSpec> columns,
        bool isForeign,
        CancellationToken cancellationToken,
        ProblemList problems)
    {
        var partitionBy = attributes.Find(KnownAttributes.PartitionBy);
        var lists = attributes.FindAll(KnownAttributes.ListPartition);
        var ranges = attributes.FindAll(KnownAttributes.RangePartition);
        var hash = attributes.Find(KnownAttributes.HashPartitions);
        var @default = attributes.Find(KnownAttributes.DefaultPartition);
        var rolling = attributes.Find(KnownAttributes.RollingPartitions);

        if (partitionBy is null)
        {
            if (rolling is not null)
            {
                problems.Add(Descriptors.UnsupportedRollingKey, rolling.At(), type.Name, "the record has no [PartitionBy]");
            }

            // Most unpartitioned records have no partition attribute either: nothing to walk.
            foreach (var attribute in lists)
            {
                ReportOrphan(type, attribute, nameof(PartitionKind.List), problems);
            }

            foreach (var attribute in ranges)
            {
                ReportOrphan(type, attribute, nameof(PartitionKind.Range), problems);
            }

            if (hash is not null)
            {
                ReportOrphan(type, hash, nameof(PartitionKind.Hash), problems);
            }

            if (@default is not null)
            {
                ReportOrphan(type, @default, nameof(PartitionKind.List), problems);
            }

            return null;
        }

        var location = partitionBy.At();
        if (isForeign)
        {
            problems.Add(Descriptors.UnsupportedPartitionCombination, location, "The foreign table " + type.Name + " cannot be partitioned by Pgx; remove [PartitionBy] and partition the remote table instead");
            return null;
        }

        var property = partitionBy.StringArg(0);
        var kind = partitionBy.Arg(1)?.Value is int k ? k : -1;
        var routing = partitionBy.NamedInt(nameof(PartitionByAttribute.Routing), 0);
        var key = KeyColumn(columns, property);
        if (key is null)
        {
            problems.Add(Descriptors.UnknownPartitionKey, partitionBy.AtArgument(0), property ?? "(null)", type.Name);
            return null;
        }

        if (kind is < List or > Hash || routing is < 0 or > 1)
        {
            return null; // A broken enum constant: the compiler reports it.
        }

        var kindName = kind == List ? "LIST" : kind == Range ? "RANGE" : "HASH";
        if (key.IsNullable)
        {
            problems.Add(Descriptors.UnsupportedPartitionKey, partitionBy.AtArgument(0), key.PropertyName, kindName, "it is nullable, and a partition key must be NOT NULL; make the property non-nullable", type.Name);
        }
        else if (kind == List && !PartitionValues.SupportsList(key.Kind) || kind == Range && !PartitionValues.SupportsRange(key.Kind))
        {
            var supported = kind == List
                ? "LIST keys can be short, int, long, string, bool, an enum, Guid or DateOnly"
                : "RANGE keys can be short, int, long, decimal, DateTime, DateTimeOffset or DateOnly";
            problems.Add(Descriptors.UnsupportedPartitionKey, partitionBy.AtArgument(0), key.PropertyName, kindName, $"its type is {Display(key.ClrType)}; {supported}", type.Name);
        }

        if (kind == Hash && routing == 1)
        {
            problems.Add(Descriptors.UnsupportedPartitionCombination, partitionBy.AtNamedArgument(nameof(PartitionByAttribute.Routing)), "Hash partitioning of " + type.Name + " needs PartitionRouting.Declarative, since a routing trigger cannot compute PostgreSQL's partition hash; remove Routing = PartitionRouting.Trigger");
        }

        if (kind == Hash && @default is not null)
        {
            problems.Add(Descriptors.UnsupportedPartitionCombination, @default.At(), "The hash-partitioned " + type.Name + " cannot have a default partition, since every row has a hash partition; remove [DefaultPartition]");
        }

        ReportMismatches(type, kindName, kind, lists, ranges, hash, partitionBy.AtArgument(1), cancellationToken, problems);

        // Sized for the table, every partition and the default, so that it never grows while the names go in.
        var expectedNames = 2 + (kind == List ? lists.Count : kind == Range ? ranges.Count : hash?.Arg(0)?.Value is int hashCount and > 0 ? System.Math.Min(hashCount, 1024) : 0);
        var names = new Dictionary<string, (PartitionNameOwner Owner, ProblemLocation Location)>(expectedNames, System.StringComparer.Ordinal) { [table] = (PartitionNameOwner.Table, default) };
        var partitions = kind switch
        {
            List => ParseList(type.Name, lists, key, names, cancellationToken, problems),
            Range => ParseRange(type.Name, ranges, key, names, cancellationToken, problems),
            _ => ParseHash(type.Name, hash, table, names, cancellationToken, problems),
        };
        partitions = PartitionServers.Place(type, partitions, kind == List ? lists : kind == Range ? ranges : null, kind == Hash ? hash : null, routing == 1, problems);

        string? defaultName = null;
        if (@default is not null && kind != Hash)
        {
            defaultName = @default.StringArg(0) ?? "";
            CheckPartitionName(type.Name, defaultName, @default.AtArgument(0), PartitionNameOwner.Default, names, problems);
        }

        RollingSpec? rollingSpec = null;
        if (rolling is not null)
        {
            var fixedRanges = kind == Range
                ? partitions.Select(p => (p, ranges.First(a => (a.StringArg(0) ?? "") == p.Name))).ToList()
                : new List<(PartitionSpec, AttributeData)>();
            rollingSpec = RollingParser.Parse(type.Name, rolling, table, kind, routing, key, fixedRanges, @default, problems);
        }

        var declared = kind == List ? lists.Count > 0 : kind == Range ? ranges.Count > 0 || rolling is not null : hash is not null;
        if (!declared && @default is null)
        {
            problems.Add(Descriptors.NoPartitions, location, type.Name, kind == List ? "ListPartition(\"name\", value)" : kind == Range ? "RangePartition(\"name\", from, to)" : "HashPartitions(count)");
        }

        return new PartitioningSpec((PartitionKind)kind, (PartitionRouting)routing, key.PropertyName, key.ColumnName, partitions.ToEquatableArray(), defaultName) { Rolling = rollingSpec };
    }

    private static void ReportOrphan(INamedTypeSymbol type, AttributeData attribute, string expectedKind, ProblemList problems) =>
        problems.Add(Descriptors.PartitionWithoutPartitionBy, attribute.At(), Written(attribute.AttributeClass?.Name ?? ""), type.Name, expectedKind);

    /// <summary>The column [PartitionBy] names: by property name, else by column name.</summary>
    private static ColumnSpec? KeyColumn(IReadOnlyList<ColumnSpec> columns, string? property)
    {
        foreach (var column in columns)
        {
            if (column.PropertyName == property)
            {
                return column;
            }
        }

        foreach (var column in columns)
        {
            if (column.ColumnName == property)
            {
                return column;
            }
        }

        return null;
    }

    private static void ReportMismatches(
        INamedTypeSymbol type,
        string kindName,
        int kind,
        List<AttributeData> lists,
        List<AttributeData> ranges,
        AttributeData? hash,
        ProblemLocation kindLocation,
        CancellationToken cancellationToken,
        ProblemList problems)
    {
        var expected = kind == List ? ListPartition : kind == Range ? RangePartition : HashPartitions;
        for (var i = 0; kind != List && i < lists.Count; i++)
        {
            problems.AddRelated(Descriptors.PartitionKindMismatch, lists[i].At(), kindLocation, "ListPartition", "LIST", type.Name, kindName, expected);
        }

        for (var i = 0; kind != Range && i < ranges.Count; i++)
        {
            problems.AddRelated(Descriptors.PartitionKindMismatch, ranges[i].At(), kindLocation, "RangePartition", "RANGE", type.Name, kindName, expected);
        }

        if (hash is not null && kind != Hash)
        {
            problems.AddRelated(Descriptors.PartitionKindMismatch, hash.At(), kindLocation, "HashPartitions", "HASH", type.Name, kindName, expected);
        }
    }

    private static List<PartitionSpec> ParseList(string record, List<AttributeData> attributes, ColumnSpec key, Dictionary<string, (PartitionNameOwner Owner, ProblemLocation Location)> names, CancellationToken cancellationToken, ProblemList problems)
    {
        var partitions = new List<PartitionSpec>();
        var owners = new Dictionary<string, (string Name, ProblemLocation Location)>(System.StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            var name = attribute.StringArg(0) ?? "";
            CheckPartitionName(record, name, attribute.AtArgument(0), PartitionNameOwner.Named, names, problems);
            var values = new List<PartitionValue>();
            var constants = attribute.ArrayArg(1);
            if (constants.IsEmpty)
            {
                problems.Add(Descriptors.InvalidPartitionValue, attribute.At(), name, "an empty list", Display(key.ClrType), key.PropertyName, "a list partition needs at least one value", record);
            }

            for (var i = 0; i < constants.Length; i++)
            {
                var parsed = PartitionValues.Parse(constants[i], key, allowOpen: false, out var reason);
                if (parsed is null)
                {
                    problems.Add(Descriptors.InvalidPartitionValue, attribute.AtArgument(1 + i), name, Show(constants[i]), Display(key.ClrType), key.PropertyName, reason, record);
                    continue;
                }

                if (!IsStoredAsWritten(record, parsed.Value, constants[i], attribute.AtArgument(1 + i), name, key, problems))
                {
                    continue;
                }

                var value = parsed.Value.Value;
                if (owners.TryGetValue(value.Value, out var owner))
                {
                    problems.AddRelated(Descriptors.DuplicateListValue, attribute.AtArgument(1 + i), owner.Location, value.Display, owner.Name, name, record, key.PropertyName);
                    continue;
                }

                owners[value.Value] = (name, attribute.AtArgument(1 + i));
                values.Add(value);
            }

            partitions.Add(new PartitionSpec(name, values.ToEquatableArray(), null, null, -1));
        }

        return partitions;
    }

    private static List<PartitionSpec> ParseRange(string record, List<AttributeData> attributes, ColumnSpec key, Dictionary<string, (PartitionNameOwner Owner, ProblemLocation Location)> names, CancellationToken cancellationToken, ProblemList problems)
    {
        var partitions = new List<PartitionSpec>();
        var ordered = new List<(string Name, PartitionValues.Parsed From, PartitionValues.Parsed To, AttributeData Attribute)>();
        foreach (var attribute in attributes)
        {
            var name = attribute.StringArg(0) ?? "";
            CheckPartitionName(record, name, attribute.AtArgument(0), PartitionNameOwner.Named, names, problems);
            var from = ParseBound(record, attribute, 1, name, key, cancellationToken, problems);
            var to = ParseBound(record, attribute, 2, name, key, cancellationToken, problems);
            if (from is null || to is null)
            {
                continue;
            }

            if (from.Value.Order >= to.Value.Order)
            {
                problems.Add(Descriptors.EmptyRange, attribute.AtArguments(1, 2), name, from.Value.Value.Display, to.Value.Value.Display, record);
                continue;
            }

            ordered.Add((name, from.Value, to.Value, attribute));
            partitions.Add(new PartitionSpec(name, EquatableArray<PartitionValue>.Empty, from.Value.Value, to.Value.Value, -1));
        }

        ordered.Sort((a, b) => a.From.Order!.Value.CompareTo(b.From.Order!.Value));
        for (var i = 1; i < ordered.Count; i++)
        {
            var previous = ordered[i - 1];
            var current = ordered[i];
            if (current.From.Order < previous.To.Order)
            {
                problems.AddRelated(
                    Descriptors.OverlappingRanges,
                    current.Attribute.AtArgument(1),
                    previous.Attribute.AtArgument(2),
                    current.Name,
                    current.From.Value.Display,
                    current.To.Value.Display,
                    previous.Name,
                    previous.From.Value.Display,
                    previous.To.Value.Display,
                    record);
            }
        }

        return partitions;
    }

    private static PartitionValues.Parsed? ParseBound(string record, AttributeData attribute, int index, string name, ColumnSpec key, CancellationToken cancellationToken, ProblemList problems)
    {
        var constant = attribute.Arg(index);
        if (constant is null)
        {
            return null;
        }

        var parsed = PartitionValues.Parse(constant.Value, key, allowOpen: true, out var reason);
        if (parsed is null)
        {
            problems.Add(Descriptors.InvalidPartitionValue, attribute.AtArgument(index), name, Show(constant.Value), Display(key.ClrType), key.PropertyName, reason, record);
            return null;
        }

        return IsStoredAsWritten(record, parsed.Value, constant.Value, attribute.AtArgument(index), name, key, problems) ? parsed : null;
    }

    /// <summary>Reports PGX0027 when the key's column would not store <paramref name="parsed"/> as written.</summary>
    private static bool IsStoredAsWritten(string record, PartitionValues.Parsed parsed, TypedConstant constant, ProblemLocation location, string name, ColumnSpec key, ProblemList problems)
    {
        if (PartitionKeyStorage.NotStoredAsWritten(key, constant, parsed) is not { } why)
        {
            return true;
        }

        problems.Add(Descriptors.PartitionValueNotStoredAsWritten, location, name, key.PropertyName, key.PgType, parsed.Value.Display, why, record);
        return false;
    }

    private static List<PartitionSpec> ParseHash(string record, AttributeData? attribute, string table, Dictionary<string, (PartitionNameOwner Owner, ProblemLocation Location)> names, CancellationToken cancellationToken, ProblemList problems)
    {
        var partitions = new List<PartitionSpec>();
        if (attribute is null)
        {
            return partitions;
        }

        var count = attribute.Arg(0)?.Value is int c ? c : 0;
        if (count < 1)
        {
            problems.Add(Descriptors.InvalidHashCount, attribute.AtArgument(0), count.ToString(CultureInfo.InvariantCulture), record);
            return partitions;
        }

        for (var i = 0; i < count; i++)
        {
            var name = Names.Derived(table, "_p" + i.ToString(CultureInfo.InvariantCulture));
            CheckPartitionName(record, name, attribute.At(), PartitionNameOwner.Hash(i), names, problems);
            partitions.Add(new PartitionSpec(name, EquatableArray<PartitionValue>.Empty, null, null, i));
        }

        return partitions;
    }

    private static void CheckPartitionName(string record, string name, ProblemLocation location, PartitionNameOwner owner, Dictionary<string, (PartitionNameOwner Owner, ProblemLocation Location)> names, ProblemList problems)
    {
        ModelParser.CheckIdentifier("partition", name, location, problems, record);
        if (name.Length == 0)
        {
            return;
        }

        if (names.TryGetValue(name, out var previous))
        {
            problems.AddRelated(Descriptors.DuplicateName, location, previous.Location, name, previous.Owner.Describe(name), record);
            return;
        }

        names[name] = (owner, location);
    }

    private static string Display(string type) => ClrTypeNames.Readable(type);

    /// <summary>
    /// What holds a table or partition name, described only when a second holder of the name is reported: the
    /// generator parses every partition of every record on every keystroke and reports nothing.
    /// </summary>
    private readonly struct PartitionNameOwner
    {
        private readonly int _hashIndex;

        private PartitionNameOwner(int hashIndex) => _hashIndex = hashIndex;

        public static PartitionNameOwner Table => new(-3);

        public static PartitionNameOwner Default => new(-2);

        /// <summary>A partition the user names in its attribute.</summary>
        public static PartitionNameOwner Named => new(-1);

        public static PartitionNameOwner Hash(int index) => new(index);

        public string Describe(string name) => _hashIndex switch
        {
            -3 => "the table itself",
            -2 => "the default partition",
            -1 => "partition '" + name + "'",
            _ => "hash partition " + _hashIndex.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>An attribute class name as C# lets users write it, without the Attribute suffix.</summary>
    private static string Written(string className) =>
        className.EndsWith("Attribute", System.StringComparison.Ordinal) ? className.Substring(0, className.Length - "Attribute".Length) : className;

    private static string Show(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Error ? "(error)" : constant.IsNull ? "null" : Microsoft.CodeAnalysis.CSharp.TypedConstantExtensions.ToCSharpString(constant);
}
