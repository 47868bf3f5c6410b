using System.Collections.Generic;
using System.Linq;

namespace Pgx.Schema;

/// <summary>
/// Converting a trigger-routed table to declarative LIST or RANGE partitioning in place, the procedure pg_partman
/// documents by hand: each child's unique key (key + partition key) and indexes are built concurrently first; then one
/// transaction under an exclusive lock renames the old parent, creates the new one (same columns, defaults, sequence
/// ownership, owner, grants and comments), detaches each child (<c>NO INHERIT</c>) and attaches it <c>FOR VALUES</c>
/// its CHECK already proves — so PostgreSQL scans nothing — moves the rows the old parent held itself, and drops the old
/// parent with its routing trigger and function. A child whose CHECK does not say exactly its partition's bound is
/// refused before anything runs: attaching it would scan it under that lock.
/// </summary>
internal sealed partial class SchemaDiff
{
    /// <summary>The key under which the canonical map holds a desired partition's bound spelled as a CHECK, for a conversion.</summary>
    public static string ConversionKey(TableModel table, PartitionModel partition) => CanonicalKey(table, partition) + "\u0001check";

    /// <summary>
    /// The rows a partition's bound holds as a condition, spelled as the generator spells a trigger-routed child's
    /// CHECK (<c>p = 1</c>, <c>p IN (1, 2)</c>, <c>at &gt;= '…' AND at &lt; '…'</c>), with the key column as given: the
    /// CHECK a child must have to be attached without a scan, and the rows a step moves.
    /// </summary>
    public static string BoundCondition(PartitionModel partition, string column)
    {
        if (partition.Values.Count > 0)
        {
            return partition.Values.Count == 1 ? column + " = " + partition.Values[0] : column + " IN (" + string.Join(", ", partition.Values) + ")";
        }

        var parts = new List<string>();
        if (partition.From is { } from && from != "MINVALUE")
        {
            parts.Add(column + " >= " + from);
        }

        if (partition.To is { } to && to != "MAXVALUE")
        {
            parts.Add(column + " < " + to);
        }

        return parts.Count == 0 ? "true" : string.Join(" AND ", parts);
    }

    private static bool IsConversion(TableModel table, TableModel actual) =>
        table.Partitioning is { IsTriggerRouted: false, Kind: "list" or "range" } && actual.Partitioning?.IsTriggerRouted == true;

    private void Convert(TableModel table, TableModel actual)
    {
        var wanted = table.Partitioning!;
        var have = actual.Partitioning!.Partitions;
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitioningDiffers, Shape(table), Shape(actual)) { IsLocal = true });

        var problems = have.Where(c => wanted.Partitions.All(p => p.Name != c.Name))
            .Select(c => "child table " + Qualified(table.Schema, c.Name) + " is not a partition of the model (add one for it, or detach it with NO INHERIT first)").ToList();
        if (actual.Columns.All(c => c.Name != wanted.KeyColumn))
        {
            problems.Add("it has no column " + wanted.KeyColumn + " to partition by");
        }

        var children = new List<(PartitionModel Wanted, PartitionModel Child, string? Check)>();
        foreach (var partition in wanted.Partitions)
        {
            var child = have.FirstOrDefault(c => c.Name == partition.Name);
            if (child is null)
            {
                continue;
            }

            var check = partition.IsDefault ? null : ProvingCheck(table, partition, child);
            if (!partition.IsDefault && check is null)
            {
                var holds = child.Checks.Count > 0 ? string.Join(" and ", child.Checks.Values) : child.Check is { } c ? "CHECK (" + c + ")" : "no CHECK";
                problems.Add("child table " + Qualified(table.Schema, child.Name) + " has " + holds + ", not CHECK (" + BoundCondition(partition, Q(wanted.KeyColumn)) + "), so attaching it "
                    + partition.Bound + " would scan it under an exclusive lock (apply a model that still routes by trigger with these partitions first: it changes the CHECK while writers go on)");
            }

            children.Add((partition, child, check));
        }

        if (problems.Count > 0)
        {
            var message = Name(table) + " cannot be converted from trigger routing to declarative partitioning in place: " + string.Join("; ", problems);
            Add(table, "Refuse: " + message, PgxHazard.None, true,
                "DO $pgx$ BEGIN RAISE EXCEPTION '%', " + Literal(message) + " USING ERRCODE = 'feature_not_supported'; END $pgx$");
            return;
        }

        var keys = BuildConversionKeys(table, children.Select(c => c.Child).ToList());
        BuildConversionIndexes(table, children);
        SwapToDeclarative(table, actual, children, keys);
    }

    /// <summary>The name of the child's CHECK that says exactly the partition's bound, or null.</summary>
    private string? ProvingCheck(TableModel table, PartitionModel partition, PartitionModel child)
    {
        if (_canonical.TryGetValue(ConversionKey(table, partition), out var spelled))
        {
            // Read from a catalog: the server spelled the bound as a CHECK on a copy of the table.
            return child.Checks.FirstOrDefault(c => c.Value == spelled).Key;
        }

        // A snapshot holds the generator's spelling: the key column bare or quoted.
        var key = table.Partitioning!.KeyColumn;
        return child.Check is { } check && (check == BoundCondition(partition, key) || check == BoundCondition(partition, Q(key))) ? child.CheckName : null;
    }

    /// <summary>The declarative key (key + partition key) on each child, its unique index built concurrently; the name it will have.</summary>
    private Dictionary<string, string> BuildConversionKeys(TableModel table, List<PartitionModel> children)
    {
        var built = new Dictionary<string, string>();
        if (table.PrimaryKey.Count == 0)
        {
            return built;
        }

        foreach (var child in children.Where(c => !c.PrimaryKey.SequenceEqual(table.PrimaryKey)))
        {
            var name = child.PrimaryKeyName ?? Truncate(child.Name, 58) + "_pkey";
            built[child.Name] = name;
            Add(table, "Build the unique index of " + Qualified(table.Schema, child.Name) + "'s partition key " + Key(table.PrimaryKey) + " concurrently", PgxHazard.IndexBuild, false,
                UniqueKeyGuard(table, child.Name, table.PrimaryKey),
                "DROP INDEX CONCURRENTLY IF EXISTS " + Q(table.Schema) + "." + Q(NewKeyIndex(name)),
                "CREATE UNIQUE INDEX CONCURRENTLY " + Q(NewKeyIndex(name)) + " ON " + Q(table.Schema) + "." + Q(child.Name) + " (" + string.Join(", ", table.PrimaryKey.Select(Q)) + ")");
        }

        return built;
    }

    /// <summary>Each model index on each child, built concurrently where missing, so that ATTACH adopts it instead of building it under the lock.</summary>
    private void BuildConversionIndexes(TableModel table, List<(PartitionModel Wanted, PartitionModel Child, string? Check)> children)
    {
        foreach (var index in table.Indexes)
        {
            foreach (var (wanted, child, _) in children)
            {
                if (child.Indexes.Any(i => i.Valid && i.SameDefinition(index)))
                {
                    continue;
                }

                var name = wanted.Indexes.FirstOrDefault(i => i.SameDefinition(index))?.Name ?? Truncate(child.Name + "_" + string.Join("_", index.Columns), 59) + (index.Unique ? "_key" : "_idx");
                var childIndex = new IndexModel { Name = name, Columns = index.Columns, Unique = index.Unique };
                Drift.Add(new PgxDrift(Qualified(table.Schema, child.Name), null, PgxDriftKind.IndexMissing, Describe(childIndex), null) { IsLocal = true });
                ConcurrentIndex(table, child.Name, childIndex, child.Indexes.FirstOrDefault(i => i.Name == name));
            }
        }
    }

    /// <summary>The locking part: one transaction, catalog changes only (and the old parent's own rows).</summary>
    private void SwapToDeclarative(TableModel table, TableModel actual, List<(PartitionModel Wanted, PartitionModel Child, string? Check)> children, Dictionary<string, string> keys)
    {
        var wanted = table.Partitioning!;
        var old = Truncate(table.Name, 55) + "_pgx_old";
        var oldTable = Q(table.Schema) + "." + Q(old);
        string Child(string name) => Q(table.Schema) + "." + Q(name);
        string Aside(string name) => Q(Truncate(name, 55) + "_pgx_old");

        var statements = new List<string>();
        if (actual.PrimaryKeyName is not null)
        {
            statements.Add(ReferencedKeyGuard(table, actual));
        }

        // Every lock up front (the parent's recurses to its children), in the order writers take them: no deadlock.
        statements.Add("LOCK TABLE " + QT(table) + " IN ACCESS EXCLUSIVE MODE");
        statements.Add("ALTER TABLE " + QT(table) + " RENAME TO " + Q(old));
        if (actual.PrimaryKeyName is { } oldKey)
        {
            statements.Add("ALTER TABLE " + oldTable + " RENAME CONSTRAINT " + Q(oldKey) + " TO " + Aside(oldKey));
        }

        statements.AddRange(actual.Indexes.Select(i => "ALTER INDEX " + Child(i.Name) + " RENAME TO " + Aside(i.Name)));
        statements.Add("CREATE TABLE " + QT(table) + " (LIKE " + oldTable + " INCLUDING ALL EXCLUDING INDEXES EXCLUDING IDENTITY) PARTITION BY "
            + wanted.Kind.ToUpperInvariant() + " (" + Q(wanted.KeyColumn) + ")");
        if (table.PrimaryKey.Count > 0)
        {
            statements.Add("ALTER TABLE " + QT(table) + " ADD CONSTRAINT " + Q(table.PrimaryKeyName!) + " PRIMARY KEY (" + string.Join(", ", table.PrimaryKey.Select(Q)) + ")");
        }

        statements.AddRange(table.Indexes.Select(i => "CREATE " + (i.Unique ? "UNIQUE " : "") + "INDEX " + Q(i.Name) + " ON " + QT(table) + " (" + string.Join(", ", i.Columns.Select(Q)) + ")"));
        statements.Add(TakeOver(oldTable, QT(table)));
        foreach (var (_, child, _) in children)
        {
            statements.Add("ALTER TABLE " + Child(child.Name) + " NO INHERIT " + oldTable);
            if (keys.TryGetValue(child.Name, out var key))
            {
                statements.Add("ALTER TABLE " + Child(child.Name) + " " + (child.PrimaryKeyName is { } had ? "DROP CONSTRAINT " + Q(had) + ", " : "")
                    + "ADD CONSTRAINT " + Q(key) + " PRIMARY KEY USING INDEX " + Q(NewKeyIndex(key)));
            }
        }

        // Every other partition before the default: a partition attached or created next to a default scans it.
        var attached = children.Where(c => !c.Wanted.IsDefault).ToList();
        statements.AddRange(attached.Select(c => "ALTER TABLE " + QT(table) + " ATTACH PARTITION " + Child(c.Child.Name) + " " + c.Wanted.Bound));
        statements.AddRange(wanted.Partitions.Where(p => !p.IsDefault && children.All(c => c.Wanted != p)).Select(p => p.CreateSql));
        var defaultPartition = wanted.Partitions.FirstOrDefault(p => p.IsDefault);
        if (defaultPartition is not null)
        {
            statements.Add(children.Any(c => c.Wanted == defaultPartition)
                ? "ALTER TABLE " + QT(table) + " ATTACH PARTITION " + Child(defaultPartition.Name) + " DEFAULT"
                : defaultPartition.CreateSql);
            statements.Add("ALTER TABLE " + Child(defaultPartition.Name) + " DROP CONSTRAINT IF EXISTS " + Q(Truncate(defaultPartition.Name, 47) + "_partition_check"));
        }

        // The partition bounds now hold what the CHECKs held; a CHECK left behind would refuse a later bound change.
        statements.AddRange(attached.Select(c => "ALTER TABLE " + Child(c.Child.Name) + " DROP CONSTRAINT " + Q(c.Check!)));
        var columns = ColumnList(table);
        statements.Add("INSERT INTO " + QT(table) + " (" + columns + ") SELECT " + columns + " FROM ONLY " + oldTable);
        statements.Add("DROP TABLE " + oldTable);
        var functions = (actual.Partitioning!.RoutingTriggers ?? new List<RoutingTriggerModel>()).Select(t => (t.FunctionSchema, t.Function)).ToList();
        if (actual.Partitioning.RoutingFunction is { } function)
        {
            functions.Add((table.Schema, function));
        }

        statements.AddRange(functions.Distinct().Select(f => DropUnusedFunction(f.Item1, f.Item2)));

        var rows = actual.Partitioning.RowsInParent;
        var description = "Convert " + Name(table) + " from trigger routing to declarative " + wanted.Kind.ToUpperInvariant() + " partitioning in place, in one transaction that holds an ACCESS EXCLUSIVE lock on "
            + Name(table) + " and its " + children.Count + " child tables (readers and writers wait) for catalog changes only: each child is detached (NO INHERIT) and attached FOR VALUES its CHECK already proves, so no row is scanned or copied"
            + (rows > 0 ? " except the " + rows + " rows in " + Name(table) + " itself, which move into their partitions" : "")
            + "; the old parent goes with its routing trigger and function";
        Steps.Add(new PgxPlanStep(Name(table), description, statements, PgxHazard.LongLock | (rows > 0 ? PgxHazard.MovesRows : PgxHazard.None), true) { EndsTransaction = true });
    }

    /// <summary>
    /// A DO block that gives the new parent what the old one had beyond its columns: the sequences it owned (which
    /// would otherwise be dropped with it), its owner, its table and column privileges and its comment.
    /// </summary>
    private static string TakeOver(string oldTable, string newTable) => """
        DO $pgx$
        DECLARE
            old_table pg_catalog.regclass := {old}::pg_catalog.regclass;
            new_table pg_catalog.regclass := {new}::pg_catalog.regclass;
            statement text;
        BEGIN
            FOR statement IN
                SELECT s.statement FROM (
                    SELECT 1 AS step, pg_catalog.format('ALTER SEQUENCE %s OWNED BY %s.%I', d.objid::pg_catalog.regclass, new_table, a.attname) AS statement
                    FROM pg_catalog.pg_depend d
                    JOIN pg_catalog.pg_class q ON q.oid = d.objid AND q.relkind = 'S'
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                      AND d.refobjid = old_table AND d.deptype = 'a'
                    UNION ALL
                    SELECT 2, pg_catalog.format('ALTER TABLE %s OWNER TO %I', new_table, pg_catalog.pg_get_userbyid(o.relowner))
                    FROM pg_catalog.pg_class o, pg_catalog.pg_class n
                    WHERE o.oid = old_table AND n.oid = new_table AND o.relowner <> n.relowner
                    UNION ALL
                    SELECT 3, pg_catalog.format('GRANT %s%s ON TABLE %s TO %s%s', g.privilege_type, ' (' || pg_catalog.quote_ident(g.col) || ')', new_table,
                               CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END,
                               CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                    FROM (
                        SELECT NULL::name AS col, a.grantee, a.privilege_type, a.is_grantable, o.relowner
                        FROM pg_catalog.pg_class o, pg_catalog.aclexplode(o.relacl) a WHERE o.oid = old_table
                        UNION ALL
                        SELECT c.attname, a.grantee, a.privilege_type, a.is_grantable, o.relowner
                        FROM pg_catalog.pg_class o
                        JOIN pg_catalog.pg_attribute c ON c.attrelid = o.oid AND c.attnum > 0 AND NOT c.attisdropped,
                             pg_catalog.aclexplode(c.attacl) a
                        WHERE o.oid = old_table
                    ) g
                    WHERE g.grantee <> g.relowner
                    UNION ALL
                    SELECT 4, pg_catalog.format('COMMENT ON TABLE %s IS %L', new_table, d.description)
                    FROM pg_catalog.pg_description d
                    WHERE d.objoid = old_table AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0
                ) s
                ORDER BY s.step, s.statement
            LOOP
                EXECUTE statement;
            END LOOP;
        END
        $pgx$
        """.Replace("{old}", Literal(oldTable)).Replace("{new}", Literal(newTable));
}
