using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Pgx.Schema;

/// <summary>
/// <see cref="SchemaModel"/> as JSON. Writing is deterministic: properties in ordinal order, lists in model order,
/// two-space indentation, <c>\n</c> line ends, null properties left out, so the same model gives the same bytes and a
/// committed snapshot diffs line by line. Reading ignores properties it does not know and refuses a newer format.
/// </summary>
internal static class SchemaJson
{
    /// <summary>The JSON text of <paramref name="model"/>.</summary>
    public static string Write(SchemaModel model)
    {
        var json = new StringBuilder();
        WriteValue(json, ToTree(model), 0);
        json.Append('\n');
        return json.ToString();
    }

    /// <summary>Reads a model written by <see cref="Write"/> (this version or an older one).</summary>
    public static SchemaModel Read(string json)
    {
        var root = JsonText.Parse(json) as Dictionary<string, object?> ?? throw new FormatException("A Pgx schema model is a JSON object.");
        var version = (int)Number(root, "formatVersion", 0);
        if (version < 1 || version > SchemaModel.CurrentFormatVersion)
        {
            throw new FormatException("The Pgx schema model has format version " + version.ToString(CultureInfo.InvariantCulture)
                + "; this Pgx reads versions 1 to " + SchemaModel.CurrentFormatVersion.ToString(CultureInfo.InvariantCulture) + ".");
        }

        return new SchemaModel
        {
            FormatVersion = version,
            Schemas = Strings(root, "schemas"),
            Tables = Objects(root, "tables").Select(ReadTable).ToList(),
            MirrorSql = Text(root, "mirrorSql") ?? "",
            Shards = Objects(root, "shards").Select(o => new ShardModel
            {
                Server = Text(o, "server") ?? "",
                Schemas = Strings(o, "schemas"),
                Tables = Objects(o, "tables").Select(ReadTable).ToList(),
            }).ToList(),
        };
    }

    private static TableModel ReadTable(Dictionary<string, object?> o) => new()
    {
        Schema = Text(o, "schema") ?? "public",
        Name = Text(o, "name") ?? "",
        Columns = Objects(o, "columns").Select(c => new ColumnModel
        {
            Name = Text(c, "name") ?? "",
            Type = Text(c, "type") ?? "",
            NotNull = Flag(c, "notNull"),
            Default = Text(c, "default"),
            RenamedFrom = Text(c, "renamedFrom"),
        }).ToList(),
        PrimaryKeyName = Text(o, "primaryKeyName"),
        PrimaryKey = Strings(o, "primaryKey"),
        Sequence = o.TryGetValue("sequence", out var s) && s is Dictionary<string, object?> sequence
            ? new SequenceModel
            {
                Schema = Text(sequence, "schema") ?? "public",
                Name = Text(sequence, "name") ?? "",
                Column = Text(sequence, "column") ?? "",
                Type = Text(sequence, "type") ?? "bigint",
                OwnedByTable = Flag(sequence, "ownedByTable"),
            }
            : null,
        Indexes = Objects(o, "indexes").Select(ReadIndex).ToList(),
        Partitioning = o.TryGetValue("partitioning", out var p) && p is Dictionary<string, object?> partitioning
            ? new PartitioningModel
            {
                Kind = Text(partitioning, "kind") ?? "list",
                Routing = Text(partitioning, "routing") ?? "declarative",
                KeyColumn = Text(partitioning, "keyColumn") ?? "",
                Partitions = Objects(partitioning, "partitions").Select(ReadPartition).ToList(),
                RoutingFunction = Text(partitioning, "routingFunction"),
                RoutingFunctionSql = Text(partitioning, "routingFunctionSql"),
                RoutingFunctionBody = Text(partitioning, "routingFunctionBody"),
                Rolling = partitioning.TryGetValue("rolling", out var r) && r is Dictionary<string, object?> rolling ? ReadRolling(rolling) : null,
            }
            : null,
        CreateSql = Text(o, "createSql") ?? "",
    };

    private static RollingModel ReadRolling(Dictionary<string, object?> o) => new()
    {
        Interval = Text(o, "interval") ?? "",
        IntegerKey = Flag(o, "integerKey"),
        Premake = (int)Number(o, "premake", 4),
        Retain = Text(o, "retain"),
        Start = Text(o, "start"),
        Maintainer = Text(o, "maintainer") ?? "pgx",
        RetentionMode = Text(o, "retentionMode") ?? "detach",
        Schedule = Text(o, "schedule"),
        RoutingFallback = Text(o, "routingFallback"),
        RoutingBranches = Text(o, "routingBranches"),
    };

    private static IndexModel ReadIndex(Dictionary<string, object?> o) => new()
    {
        Name = Text(o, "name") ?? "",
        Columns = Strings(o, "columns"),
        Unique = Flag(o, "unique"),
        ExplicitName = Flag(o, "explicitName"),
        Valid = !o.ContainsKey("valid") || Flag(o, "valid"),
        AttachedTo = Text(o, "attachedTo"),
    };

    private static PartitionModel ReadPartition(Dictionary<string, object?> o) => new()
    {
        Name = Text(o, "name") ?? "",
        IsDefault = Flag(o, "isDefault"),
        Values = Strings(o, "values"),
        From = Text(o, "from"),
        To = Text(o, "to"),
        Modulus = (int)Number(o, "modulus", 0),
        Remainder = (int)Number(o, "remainder", -1),
        Bound = Text(o, "bound"),
        CheckName = Text(o, "checkName"),
        Check = Text(o, "check"),
        PrimaryKey = Strings(o, "primaryKey"),
        PrimaryKeyName = Text(o, "primaryKeyName"),
        Indexes = Objects(o, "indexes").Select(ReadIndex).ToList(),
        CreateSql = Text(o, "createSql") ?? "",
    };

    private static string? Text(Dictionary<string, object?> o, string name) => o.TryGetValue(name, out var v) ? v as string : null;

    private static bool Flag(Dictionary<string, object?> o, string name) => o.TryGetValue(name, out var v) && v is true;

    private static double Number(Dictionary<string, object?> o, string name, double otherwise) =>
        o.TryGetValue(name, out var v) && v is double d ? d : otherwise;

    private static List<string> Strings(Dictionary<string, object?> o, string name) =>
        o.TryGetValue(name, out var v) && v is List<object?> list ? list.OfType<string>().ToList() : new List<string>();

    private static IEnumerable<Dictionary<string, object?>> Objects(Dictionary<string, object?> o, string name) =>
        o.TryGetValue(name, out var v) && v is List<object?> list ? list.OfType<Dictionary<string, object?>>() : Enumerable.Empty<Dictionary<string, object?>>();

    private static SortedDictionary<string, object?> ToTree(SchemaModel model) => Tree(
        ("formatVersion", model.FormatVersion),
        ("schemas", model.Schemas),
        ("tables", model.Tables.Select(TableTree).ToList()),
        ("mirrorSql", model.MirrorSql),
        ("shards", model.Shards.Count == 0 ? null : model.Shards.Select(s => Tree(("server", s.Server), ("schemas", s.Schemas), ("tables", s.Tables.Select(TableTree).ToList()))).ToList()));

    private static SortedDictionary<string, object?> TableTree(TableModel t) => Tree(
        ("schema", t.Schema),
        ("name", t.Name),
        ("columns", t.Columns.Select(c => Tree(("name", c.Name), ("type", c.Type), ("notNull", c.NotNull), ("default", c.Default), ("renamedFrom", c.RenamedFrom))).ToList()),
        ("primaryKeyName", t.PrimaryKeyName),
        ("primaryKey", t.PrimaryKey),
        ("sequence", t.Sequence is { } s ? Tree(("schema", s.Schema), ("name", s.Name), ("column", s.Column), ("type", s.Type), ("ownedByTable", s.OwnedByTable)) : null),
        ("indexes", t.Indexes.Select(IndexTree).ToList()),
        ("partitioning", t.Partitioning is { } p
            ? Tree(
                ("kind", p.Kind),
                ("routing", p.Routing),
                ("keyColumn", p.KeyColumn),
                ("partitions", p.Partitions.Select(PartitionTree).ToList()),
                ("routingFunction", p.RoutingFunction),
                ("routingFunctionSql", p.RoutingFunctionSql),
                ("routingFunctionBody", p.RoutingFunctionBody),
                ("rolling", p.Rolling is { } r
                    ? Tree(
                        ("interval", r.Interval),
                        ("integerKey", r.IntegerKey),
                        ("premake", r.Premake),
                        ("retain", r.Retain),
                        ("start", r.Start),
                        ("maintainer", r.Maintainer),
                        ("retentionMode", r.RetentionMode),
                        ("schedule", r.Schedule),
                        ("routingFallback", r.RoutingFallback),
                        ("routingBranches", r.RoutingBranches))
                    : null))
            : null),
        ("createSql", t.CreateSql));

    private static SortedDictionary<string, object?> IndexTree(IndexModel i) => Tree(
        ("name", i.Name), ("columns", i.Columns), ("unique", i.Unique), ("explicitName", i.ExplicitName), ("valid", i.Valid), ("attachedTo", i.AttachedTo));

    private static SortedDictionary<string, object?> PartitionTree(PartitionModel p) => Tree(
        ("name", p.Name),
        ("isDefault", p.IsDefault),
        ("values", p.Values),
        ("from", p.From),
        ("to", p.To),
        ("modulus", p.Modulus),
        ("remainder", p.Remainder),
        ("bound", p.Bound),
        ("checkName", p.CheckName),
        ("check", p.Check),
        ("primaryKey", p.PrimaryKey),
        ("primaryKeyName", p.PrimaryKeyName),
        ("indexes", p.Indexes.Select(IndexTree).ToList()),
        ("createSql", p.CreateSql));

    private static SortedDictionary<string, object?> Tree(params (string Name, object? Value)[] properties)
    {
        var tree = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                tree[name] = value;
            }
        }

        return tree;
    }

    private static void WriteValue(StringBuilder json, object? value, int depth)
    {
        switch (value)
        {
            case null: json.Append("null"); break;
            case string s: JsonText.WriteString(json, s); break;
            case bool b: json.Append(b ? "true" : "false"); break;
            case int i: json.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case SortedDictionary<string, object?> o: WriteItems(json, '{', '}', o.Select(p => ((string?)p.Key, p.Value)), depth); break;
            case System.Collections.IEnumerable list: WriteItems(json, '[', ']', list.Cast<object?>().Select(v => ((string?)null, v)), depth); break;
            default: throw new ArgumentException("Cannot write a " + value.GetType().Name + " as JSON.", nameof(value));
        }
    }

    private static void WriteItems(StringBuilder json, char open, char close, IEnumerable<(string? Name, object? Value)> items, int depth)
    {
        json.Append(open);
        var first = true;
        foreach (var (name, value) in items)
        {
            json.Append(first ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
            first = false;
            if (name is not null)
            {
                JsonText.WriteString(json, name);
                json.Append(": ");
            }

            WriteValue(json, value, depth + 1);
        }

        if (!first)
        {
            json.Append('\n').Append(' ', depth * 2);
        }

        json.Append(close);
    }
}
