using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;
using Pgx.Schema;

namespace Pgx.Generators.Emit;

/// <summary>
/// The desired schema as data (<c>PgxSchema.Model</c>): what the run-time diff engine compares with a live catalog,
/// and what the build's migrations compare with a committed snapshot. Types are in <c>format_type()</c> spelling,
/// and every piece of DDL only the generator can write (a whole table, one child, the routing function, the
/// partition mirror block) travels along, so the engine never writes that DDL a second time.
/// </summary>
internal static class SchemaModelEmitter
{
    /// <summary>The model of every local table, in the order <see cref="SchemaEmitter.RenderSql"/> writes them.</summary>
    public static SchemaModel Build(EquatableArray<TableSpec> tables)
    {
        var local = tables.Where(t => t.Foreign is null).ToList();
        var mirror = new SourceWriter();
        PartitionMirrorEmitter.Write(mirror, local);
        return new SchemaModel
        {
            Schemas = SchemaEmitter.SchemasOf(local),
            Tables = local.Select(Table).ToList(),
            MirrorSql = mirror.ToString(),
            Shards = ForeignPartitionEmitter.Shards(local),
        };
    }

    private static TableModel Table(TableSpec table)
    {
        var create = new SourceWriter();
        DdlEmitter.Write(create, table);
        var key = DdlEmitter.PrimaryKeyColumns(table);
        var remote = table.Partitioning?.HasForeignPartitions == true;
        return new TableModel
        {
            Schema = table.Schema,
            Name = table.Name,
            Columns = table.Columns.Select(c => new ColumnModel
            {
                Name = c.ColumnName,
                Type = PgTypeSpelling.Normalize(c.PgType),
                NotNull = !c.IsNullable,
                Default = table.Sequence is { } s && s.ColumnName == c.ColumnName ? "nextval(" + SqlText.Literal(s.QualifiedSequence()) + "::regclass)" : c.DefaultSql,
                RenamedFrom = c.RenamedFrom,
            }).ToList(),
            PrimaryKeyName = key.Count > 0 && !remote ? TableNames.PrimaryKey(table.Name) : null,
            PrimaryKey = remote ? new List<string>() : key,
            Sequence = table.Sequence is { } sequence
                ? new SequenceModel { Schema = sequence.Schema, Name = sequence.Name, Column = sequence.ColumnName, Type = sequence.PgType, OwnedByTable = sequence.IsOwnedByTable }
                : null,
            Indexes = table.Indexes.Select(i => Index(i.Name, i)).ToList(),
            Partitioning = table.Partitioning is { } partitioning ? Partitioning(table, partitioning, key) : null,
            CreateSql = create.ToString(),
        };
    }

    private static IndexModel Index(string name, IndexSpec index) => new()
    {
        Name = name,
        Columns = index.Columns.ToList(),
        Unique = index.IsUnique,
        ExplicitName = index.IsNameExplicit,
    };

    private static PartitioningModel Partitioning(TableSpec table, PartitioningSpec partitioning, List<string> key)
    {
        var trigger = partitioning.Routing == PartitionRouting.Trigger;
        var column = SqlText.Identifier(partitioning.KeyColumn);
        var model = new PartitioningModel
        {
            Kind = partitioning.Kind.ToString().ToLowerInvariant(),
            Routing = partitioning.Routing.ToString().ToLowerInvariant(),
            KeyColumn = partitioning.KeyColumn,
        };

        // Partitions on other servers are the foreign refresh's (the catalog reader skips foreign tables too).
        foreach (var child in DdlEmitter.LocalChildNames(partitioning))
        {
            var spec = partitioning.Partitions.FirstOrDefault(p => p.Name == child);
            var create = new SourceWriter();
            DdlEmitter.WriteChild(create, table, partitioning, child);
            var partition = new PartitionModel
            {
                Name = child,
                IsDefault = spec is null,
                Values = spec?.Values.Select(PartitionLiterals.Sql).ToList() ?? new List<string>(),
                From = spec?.From is { } from ? PartitionLiterals.Sql(from) : null,
                To = spec?.To is { } to ? PartitionLiterals.Sql(to) : null,
                Modulus = spec is not null ? partitioning.HashModulus : 0,
                Remainder = spec?.Remainder ?? -1,
                Indexes = table.Indexes.Select(i => Index(TableNames.ChildIndex(child, i), i)).ToList(),
                CreateSql = create.ToString(),
            };

            if (trigger)
            {
                partition.Check = spec is null ? PartitionConditions.ForDefault(partitioning, column) : PartitionConditions.For(spec, column);
                partition.CheckName = partition.Check is null ? null : TableNames.PartitionCheck(child);
                partition.PrimaryKey = key;
                partition.PrimaryKeyName = key.Count > 0 ? TableNames.PrimaryKey(child) : null;
            }
            else
            {
                partition.Bound = spec is null ? "DEFAULT" : PartitionConditions.ForValues(partitioning, spec);
            }

            model.Partitions.Add(partition);
        }

        if (trigger)
        {
            var function = new SourceWriter();
            TriggerEmitter.WriteRoutingFunction(function, table, partitioning);
            model.RoutingFunction = table.RoutingTrigger();
            model.RoutingFunctionSql = function.ToString();
            model.RoutingFunctionBody = "\n" + TriggerEmitter.Body(table, partitioning) + "\n";
        }

        model.Rolling = partitioning.Rolling is { } rolling ? Rolling(table, partitioning, rolling) : null;
        return model;
    }

    private static RollingModel Rolling(TableSpec table, PartitioningSpec partitioning, RollingSpec rolling) => new()
    {
        Interval = rolling.Interval,
        IntegerKey = rolling.IntegerKey,
        Premake = rolling.Premake,
        Retain = rolling.Retain,
        Start = rolling.Start?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maintainer = rolling.Maintainer == PartitionMaintainer.PgPartman ? "pg_partman" : "pgx",
        RetentionMode = rolling.RetentionMode == PartitionRetention.Drop ? "drop" : "detach",
        Schedule = rolling.Schedule,
        RoutingFallback = partitioning.Routing == PartitionRouting.Trigger ? TriggerEmitter.Fallback(table, partitioning) : null,
        RoutingBranches = partitioning.Routing == PartitionRouting.Trigger && !partitioning.Partitions.IsEmpty ? TriggerEmitter.Branches(table, partitioning) : null,
    };
}
