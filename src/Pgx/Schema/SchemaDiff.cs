using System;
using System.Collections.Generic;
using System.Linq;

namespace Pgx.Schema;

/// <summary>
/// The diff engine: desired model + actual model → ordered steps (and the drift they answer). Pure: no I/O. Partition
/// bounds and CHECKs are compared in the server's own canonical text (<see cref="BoundProbe"/> asks the server to
/// cast the model's literals to the key type), types in <c>format_type()</c> spelling. Only objects the model names
/// are touched; an index or a table Pgx does not know is never dropped.
/// </summary>
internal sealed partial class SchemaDiff
{
    private readonly SchemaModel _desired;
    private readonly SchemaModel _actual;
    private readonly IReadOnlyDictionary<string, string> _canonical;
    private readonly bool _allowDataLoss;

    private SchemaDiff(SchemaModel desired, SchemaModel actual, IReadOnlyDictionary<string, string> canonical, bool allowDataLoss)
    {
        _desired = desired;
        _actual = actual;
        _canonical = canonical;
        _allowDataLoss = allowDataLoss;
    }

    /// <summary>The steps, in the order they must run.</summary>
    public List<PgxPlanStep> Steps { get; } = new();

    /// <summary>Every difference found, whether or not a step answers it.</summary>
    public List<PgxDrift> Drift { get; } = new();

    /// <summary>
    /// Diffs <paramref name="desired"/> against <paramref name="actual"/>. <paramref name="canonical"/> maps
    /// <see cref="CanonicalKey"/> of each desired partition to its bound or CHECK as the server prints it.
    /// </summary>
    public static SchemaDiff Compare(SchemaModel desired, SchemaModel actual, IReadOnlyDictionary<string, string> canonical, bool allowDataLoss)
    {
        SetRollingPartitionsAside(desired, actual);
        var diff = new SchemaDiff(desired, actual, canonical, allowDataLoss);
        diff.Run();
        return diff;
    }

    /// <summary>The key of a desired partition's canonical bound or CHECK.</summary>
    public static string CanonicalKey(TableModel table, PartitionModel partition) => table.Schema + "\u0001" + table.Name + "\u0001" + partition.Name;

    private void Run()
    {
        var missing = _desired.Tables.Where(t => Find(t) is null).ToList();
        foreach (var table in missing)
        {
            Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.TableMissing, "table", null) { IsLocal = true });
            Add(table, "Create table " + Name(table) + " with its partitions, keys and indexes", PgxHazard.None, true, table.CreateSql);
        }

        if (missing.Count > 0)
        {
            // Schemas first: a table's DDL may need one (idempotent, so a schema that exists stays as it is).
            var schemas = _desired.Schemas.Select(s => "CREATE SCHEMA IF NOT EXISTS " + Q(s) + ";").ToList();
            if (schemas.Count > 0)
            {
                Steps.Insert(0, new PgxPlanStep(string.Join(", ", _desired.Schemas), "Create schemas " + string.Join(", ", _desired.Schemas) + " if missing", schemas, PgxHazard.None, true));
            }
        }

        foreach (var table in _desired.Tables)
        {
            var actual = Find(table);
            if (actual is not null && IsConversion(table, actual))
            {
                // The columns change on the old table first; the new parent copies them.
                Columns(table, actual);
                Convert(table, actual);
            }
            else if (actual is not null && !RefusePartitioningChange(table, actual))
            {
                Columns(table, actual);
                PrimaryKeys(table, actual);
                Partitions(table, actual);
                Indexes(table, actual);
            }
        }
    }

    private TableModel? Find(TableModel desired) => _actual.Tables.FirstOrDefault(t => t.Schema == desired.Schema && t.Name == desired.Name);

    private void Columns(TableModel table, TableModel actual)
    {
        var name = Name(table);
        var renamed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            var existing = actual.Columns.FirstOrDefault(c => c.Name == column.Name);
            if (existing is null && column.RenamedFrom is { } old && actual.Columns.FirstOrDefault(c => c.Name == old) is { } previous)
            {
                renamed.Add(old);
                Drift.Add(new PgxDrift(name, column.Name, PgxDriftKind.ColumnMissing, column.Type, null) { IsLocal = true });
                Add(table, "Rename column " + name + "." + old + " to " + column.Name, PgxHazard.None, true,
                    "ALTER TABLE " + QT(table) + " RENAME COLUMN " + Q(old) + " TO " + Q(column.Name));
                existing = new ColumnModel { Name = column.Name, Type = previous.Type, NotNull = previous.NotNull, Default = previous.Default };
            }

            if (existing is null)
            {
                Drift.Add(new PgxDrift(name, column.Name, PgxDriftKind.ColumnMissing, column.Type, null) { IsLocal = true });
                AddColumn(table, column);
                continue;
            }

            var defaultDiffers = DefaultDiffers(table, column, existing);
            if (existing.Type != column.Type)
            {
                if (defaultDiffers && existing.Default is not null)
                {
                    // The old default might not cast to the new type, and the model does not want it anyway.
                    DropDefault(table, column, existing, " before its type changes");
                    existing = new ColumnModel { Name = existing.Name, Type = existing.Type, NotNull = existing.NotNull };
                }

                Drift.Add(new PgxDrift(name, column.Name, PgxDriftKind.TypeDiffers, column.Type, existing.Type) { IsLocal = true });
                var widening = TypeWidening.IsWidening(existing.Type, column.Type);
                Add(table, "Change the type of " + name + "." + column.Name + " from " + existing.Type + " to " + column.Type + (widening ? "" : " (values that do not fit are lost or fail)"),
                    PgxHazard.TableRewrite | PgxHazard.LongLock | (widening ? PgxHazard.None : PgxHazard.DataLoss), true,
                    "ALTER TABLE " + QT(table) + " ALTER COLUMN " + Q(column.Name) + " TYPE " + column.Type + " USING " + Q(column.Name) + "::" + column.Type);
            }

            if (existing.NotNull != column.NotNull)
            {
                Drift.Add(new PgxDrift(name, column.Name, PgxDriftKind.NullabilityDiffers, column.NotNull ? "NOT NULL" : "NULL", existing.NotNull ? "NOT NULL" : "NULL") { IsLocal = true });
                if (column.NotNull)
                {
                    SetNotNull(table, column.Name);
                }
                else
                {
                    Add(table, "Allow NULL in " + name + "." + column.Name, PgxHazard.None, true,
                        "ALTER TABLE " + QT(table) + " ALTER COLUMN " + Q(column.Name) + " DROP NOT NULL");
                }
            }

            if (defaultDiffers)
            {
                ChangeDefault(table, column, existing);
            }
        }

        foreach (var extra in actual.Columns.Where(c => !renamed.Contains(c.Name) && table.Columns.All(d => d.Name != c.Name)))
        {
            Drift.Add(new PgxDrift(name, extra.Name, PgxDriftKind.ColumnAdded, null, extra.Type) { IsLocal = true });
            Add(table, "Drop column " + name + "." + extra.Name + " (the model no longer has it; its values are lost)", PgxHazard.DataLoss, true,
                "ALTER TABLE " + QT(table) + " DROP COLUMN " + Q(extra.Name));
        }
    }

    private void AddColumn(TableModel table, ColumnModel column)
    {
        var add = "ALTER TABLE " + QT(table) + " ADD COLUMN " + Q(column.Name) + " " + column.Type + (column.Default is { } d ? " DEFAULT (" + d + ")" : "");
        if (!column.NotNull || column.Default is not null)
        {
            // Since PostgreSQL 11 a constant default is stored once in the catalog; one computed per row is written into every row.
            var rewrites = column.Default is { } expression && ColumnDefaults.CallsAFunction(expression);
            Add(table, "Add column " + Name(table) + "." + column.Name + " " + column.Type + (column.NotNull ? " NOT NULL" : "") + (column.Default is null ? "" : " DEFAULT " + column.Default)
                + (rewrites ? " (a default with a function call is computed for every row: the table is rewritten)" : ""),
                rewrites ? PgxHazard.TableRewrite | PgxHazard.LongLock : PgxHazard.None, true,
                add + (column.NotNull ? " NOT NULL" : ""));
            return;
        }

        // NOT NULL without a default: existing rows would have no value. Refuse clearly when there are rows; on an
        // empty table the column is simply added.
        var message = "column " + column.Name + " of " + Name(table) + " is NOT NULL without a default and the table has rows: make the property nullable, fill it, then make it required";
        Add(table, "Add column " + Name(table) + "." + column.Name + " " + column.Type + " NOT NULL (refused if the table has rows)", PgxHazard.None, true,
            "DO $pgx$ BEGIN IF EXISTS (SELECT FROM " + QT(table) + ") THEN RAISE EXCEPTION '%', " + Literal(message) + " USING ERRCODE = 'not_null_violation'; END IF; END $pgx$",
            add + " NOT NULL");
    }

    /// <summary>
    /// Whether the column's default differs from the model's: compared in the server's spelling when the canonical
    /// map has one under <see cref="DefaultKey"/> (a live catalog), otherwise as written (a snapshot).
    /// </summary>
    private bool DefaultDiffers(TableModel table, ColumnModel column, ColumnModel existing)
    {
        var wanted = column.Default is not null && _canonical.TryGetValue(DefaultKey(table, column.Name), out var spelled) ? spelled : column.Default;
        if (wanted == existing.Default)
        {
            return false;
        }

        Drift.Add(new PgxDrift(Name(table), column.Name, PgxDriftKind.DefaultDiffers, column.Default, existing.Default) { IsLocal = true });
        return true;
    }

    /// <summary>SET DEFAULT (a catalog change: rows keep their values) or DROP DEFAULT, e.g. of a key's sequence once the key stops taking it.</summary>
    private void ChangeDefault(TableModel table, ColumnModel column, ColumnModel existing)
    {
        if (column.Default is null)
        {
            if (existing.Default is not null)
            {
                DropDefault(table, column, existing, "");
            }

            return;
        }

        var statements = new List<string>();
        if (table.Sequence is { } sequence && sequence.Column == column.Name)
        {
            // A key that starts taking its values from a sequence: make the sequence if missing, past the keys the rows have.
            var name = Literal(Q(sequence.Schema) + "." + Q(sequence.Name));
            statements.Add("CREATE SEQUENCE IF NOT EXISTS " + Q(sequence.Schema) + "." + Q(sequence.Name) + " AS " + sequence.Type);
            statements.Add("SELECT pg_catalog.setval(" + name + ", m) FROM (SELECT max(" + Q(column.Name) + ") AS m FROM " + QT(table) + ") AS k WHERE m >= (SELECT last_value + is_called::int FROM "
                + Q(sequence.Schema) + "." + Q(sequence.Name) + ")");
        }

        statements.Add("ALTER TABLE " + QT(table) + " ALTER COLUMN " + Q(column.Name) + " SET DEFAULT (" + column.Default + ")");
        Add(table, "Set the default of " + Name(table) + "." + column.Name + " to " + column.Default + (existing.Default is null ? "" : " (was " + existing.Default + ")") + "; the rows keep their values",
            PgxHazard.None, true, statements.ToArray());
    }

    private void DropDefault(TableModel table, ColumnModel column, ColumnModel existing, string when) =>
        Add(table, "Drop the default " + existing.Default + " of " + Name(table) + "." + column.Name + when, PgxHazard.None, true,
            "ALTER TABLE " + QT(table) + " ALTER COLUMN " + Q(column.Name) + " DROP DEFAULT");

    /// <summary>The key of a desired column's default as the server spells it, in the canonical map.</summary>
    public static string DefaultKey(TableModel table, string column) => table.Schema + "\u0001" + table.Name + "\u0002" + column;

    /// <summary>
    /// NOT NULL without an exclusive lock for the whole scan: a NOT VALID CHECK (instant) committed on its own, then
    /// VALIDATE (a scan that lets writers on), SET NOT NULL (PostgreSQL 12+ trusts the valid CHECK and skips the scan),
    /// and the CHECK goes. The first step drops a CHECK an interrupted apply left, so a rerun starts clean.
    /// </summary>
    private void SetNotNull(TableModel table, string column)
    {
        var check = Q("pgx_" + Truncate(column, 40) + "_not_null");
        Steps.Add(new PgxPlanStep(Name(table), "Check " + Name(table) + "." + column + " for NULLs from now on (NOT VALID: instant)", new[]
        {
            "ALTER TABLE " + QT(table) + " DROP CONSTRAINT IF EXISTS " + check + ", ADD CONSTRAINT " + check + " CHECK (" + Q(column) + " IS NOT NULL) NOT VALID",
        }, PgxHazard.None, true) { EndsTransaction = true });
        Add(table, "Make " + Name(table) + "." + column + " NOT NULL (the existing rows are checked without blocking writers)", PgxHazard.None, true,
            "ALTER TABLE " + QT(table) + " VALIDATE CONSTRAINT " + check,
            "ALTER TABLE " + QT(table) + " ALTER COLUMN " + Q(column) + " SET NOT NULL",
            "ALTER TABLE " + QT(table) + " DROP CONSTRAINT " + check);
    }

    /// <summary>
    /// A primary key the model changed (a [PgKey] added, removed, or another key). Its unique index is built
    /// concurrently on every table that holds rows (the table itself, or each child or partition), then one brief
    /// transaction swaps the constraints: <c>ADD CONSTRAINT … PRIMARY KEY USING INDEX</c> on each table, and on a
    /// declarative parent (which takes no USING INDEX) a new key that attaches the partitions' keys instead of building
    /// them. A key that foreign keys reference is refused before anything is built: PostgreSQL would drop or reject them.
    /// </summary>
    private void PrimaryKeys(TableModel table, TableModel actual)
    {
        var declarative = table.Partitioning is { IsTriggerRouted: false };
        var parentChanges = !table.PrimaryKey.SequenceEqual(actual.PrimaryKey);
        var keys = new List<(string Table, string? OldName, List<string> Old, string? NewName, List<string> New)>();
        if (parentChanges)
        {
            Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PrimaryKeyDiffers, Key(table.PrimaryKey), Key(actual.PrimaryKey)) { IsLocal = true });
            keys.Add((table.Name, actual.PrimaryKeyName, actual.PrimaryKey, table.PrimaryKeyName ?? actual.PrimaryKeyName, table.PrimaryKey));
        }

        foreach (var partition in table.Partitioning?.Partitions ?? new List<PartitionModel>())
        {
            var child = actual.Partitioning?.Partitions.FirstOrDefault(c => c.Name == partition.Name);
            if (child is not null && !declarative && !partition.PrimaryKey.SequenceEqual(child.PrimaryKey))
            {
                Drift.Add(new PgxDrift(Qualified(table.Schema, partition.Name), null, PgxDriftKind.PrimaryKeyDiffers, Key(partition.PrimaryKey), Key(child.PrimaryKey)) { IsLocal = true });
                keys.Add((child.Name, child.PrimaryKeyName, child.PrimaryKey, partition.PrimaryKeyName ?? child.PrimaryKeyName, partition.PrimaryKey));
            }
        }

        if (declarative && parentChanges && table.PrimaryKey.Count > 0)
        {
            // Every attached partition needs the new key's index before the parent's key can attach it.
            foreach (var child in actual.Partitioning?.Partitions ?? new List<PartitionModel>())
            {
                keys.Add((child.Name, child.PrimaryKeyName, actual.PrimaryKey, child.PrimaryKeyName ?? Truncate(child.Name, 58) + "_pkey", table.PrimaryKey));
            }
        }

        if (keys.Count == 0)
        {
            return;
        }

        var guard = parentChanges && actual.PrimaryKeyName is not null ? ReferencedKeyGuard(table, actual) : null;
        var builds = keys.Where(k => k.New.Count > 0 && !(declarative && k.Table == table.Name)).ToList();
        foreach (var key in builds)
        {
            var statements = new List<string>();
            if (guard is not null)
            {
                statements.Add(guard);
                guard = null;
            }

            statements.Add(UniqueKeyGuard(table, key.Table, key.New));
            statements.Add("DROP INDEX CONCURRENTLY IF EXISTS " + Q(table.Schema) + "." + Q(NewKeyIndex(key.NewName!)));
            statements.Add("CREATE UNIQUE INDEX CONCURRENTLY " + Q(NewKeyIndex(key.NewName!)) + " ON " + Q(table.Schema) + "." + Q(key.Table) + " (" + string.Join(", ", key.New.Select(Q)) + ")");
            Add(table, "Build the unique index of the new primary key " + Key(key.New) + " on " + Qualified(table.Schema, key.Table) + " concurrently", PgxHazard.IndexBuild, false, statements.ToArray());
        }

        var swap = new List<string>();
        if (guard is not null)
        {
            swap.Add(guard);
        }

        foreach (var key in keys)
        {
            var alter = new List<string>();
            if (key.OldName is not null && !(declarative && key.Table != table.Name))
            {
                // A declarative partition's key goes with its parent's.
                alter.Add("DROP CONSTRAINT IF EXISTS " + Q(key.OldName));
            }

            if (key.New.Count > 0 && !(declarative && key.Table == table.Name))
            {
                alter.Add("ADD CONSTRAINT " + Q(key.NewName!) + " PRIMARY KEY USING INDEX " + Q(NewKeyIndex(key.NewName!)));
            }

            if (alter.Count > 0)
            {
                swap.Add("ALTER TABLE " + Q(table.Schema) + "." + Q(key.Table) + " " + string.Join(", ", alter));
            }
        }

        if (declarative && table.PrimaryKey.Count > 0)
        {
            swap.Add("ALTER TABLE " + QT(table) + " ADD CONSTRAINT " + Q(table.PrimaryKeyName!) + " PRIMARY KEY (" + string.Join(", ", table.PrimaryKey.Select(Q)) + ")");
        }

        var from = parentChanges ? Key(actual.PrimaryKey) : Key(keys[0].Old);
        var to = parentChanges ? Key(table.PrimaryKey) : Key(keys[0].New);
        var where = keys.Count == 1 ? Qualified(table.Schema, keys[0].Table) : Name(table) + (declarative ? " and its partitions" : " and its child tables");
        Add(table, "Change the primary key of " + where + " from " + from + " to " + to + (builds.Count > 0 ? " with the unique indexes built beforehand (a brief exclusive lock)" : ""),
            PgxHazard.LongLock, true, swap.ToArray());
    }

    /// <summary>A DO block that refuses the key change, naming the foreign keys, when any references the table's primary key.</summary>
    private static string ReferencedKeyGuard(TableModel table, TableModel actual)
    {
        var relation = Literal(QT(table)) + "::regclass";
        var message = Name(table) + ": its primary key changes from " + Key(actual.PrimaryKey) + " to " + Key(table.PrimaryKey) + ", but foreign keys reference it (";
        const string advice = "): Pgx does not change a referenced primary key; drop those foreign keys, apply, then create them again against the new key";
        return "DO $pgx$ DECLARE referencing text; BEGIN "
            + "SELECT string_agg(f.conrelid::regclass::text || '.' || quote_ident(f.conname), ', ' ORDER BY 1) INTO referencing FROM pg_constraint f JOIN pg_constraint k ON k.conrelid = f.confrelid AND k.conindid = f.conindid AND k.contype = 'p' "
            + "WHERE f.contype = 'f' AND f.confrelid = " + relation + "; "
            + "IF referencing IS NOT NULL THEN RAISE EXCEPTION '%', " + Literal(message) + " || referencing || " + Literal(advice) + " USING ERRCODE = 'dependent_objects_still_exist'; END IF; END $pgx$";
    }

    /// <summary>
    /// A DO block that refuses the new key, naming the table and a repeated value, when rows repeat it: the unique
    /// index build would fail too, but name only its index, and leave it invalid.
    /// </summary>
    private static string UniqueKeyGuard(TableModel table, string onTable, List<string> key)
    {
        var columns = string.Join(", ", key.Select(Q));
        var relation = Qualified(table.Schema, onTable);
        var message = (onTable == table.Name ? "" : Name(table) + ", partition ") + relation + ": the new primary key " + Key(key) + " is not unique: ";
        const string advice = " appears more than once; make the values unique, then apply again";
        return "DO $pgx$ DECLARE duplicate text; BEGIN "
            + "SELECT '(' || concat_ws(', ', " + columns + ") || ')' INTO duplicate FROM ONLY " + Q(table.Schema) + "." + Q(onTable) + " GROUP BY " + columns + " HAVING count(*) > 1 LIMIT 1; "
            + "IF duplicate IS NOT NULL THEN RAISE EXCEPTION '%', " + Literal(message) + " || duplicate || " + Literal(advice) + " USING ERRCODE = 'unique_violation'; END IF; END $pgx$";
    }

    /// <summary>The name a new primary key's index is built under, until <c>USING INDEX</c> renames it to the constraint's.</summary>
    private static string NewKeyIndex(string constraint) => Truncate(constraint, 55) + "_pgx_new";

    private static string Key(List<string> columns) => columns.Count == 0 ? "none" : "(" + string.Join(", ", columns) + ")";

    private void Indexes(TableModel table, TableModel actual)
    {
        var trigger = table.Partitioning?.IsTriggerRouted == true;
        var declarative = table.Partitioning is { IsTriggerRouted: false };
        foreach (var index in table.Indexes)
        {
            var existing = actual.Indexes.FirstOrDefault(i => i.Name == index.Name);
            var rebuild = existing is not null && (!existing.Valid || !existing.SameDefinition(index));
            if (existing is not null && !rebuild)
            {
                if (trigger)
                {
                    ChildIndexes(table, actual, index);
                }

                continue;
            }

            Drift.Add(new PgxDrift(Name(table), null, existing is null ? PgxDriftKind.IndexMissing : PgxDriftKind.IndexDiffers, Describe(index), existing is null ? null : Describe(existing)) { IsLocal = true });
            if (declarative)
            {
                DeclarativeIndex(table, actual, index, existing);
                continue;
            }

            ConcurrentIndex(table, table.Name, index, existing);
            if (trigger)
            {
                ChildIndexes(table, actual, index);
            }
        }
    }

    private void ChildIndexes(TableModel table, TableModel actual, IndexModel index)
    {
        foreach (var partition in table.Partitioning!.Partitions)
        {
            var child = actual.Partitioning?.Partitions.FirstOrDefault(p => p.Name == partition.Name);
            var wanted = partition.Indexes.FirstOrDefault(i => i.SameDefinition(index));
            if (child is null || wanted is null)
            {
                continue;
            }

            var existing = child.Indexes.FirstOrDefault(i => i.Name == wanted.Name);
            if (existing is null || !existing.Valid || !existing.SameDefinition(wanted))
            {
                Drift.Add(new PgxDrift(Qualified(table.Schema, partition.Name), null, existing is null ? PgxDriftKind.IndexMissing : PgxDriftKind.IndexDiffers, Describe(wanted), existing is null ? null : Describe(existing)) { IsLocal = true });
                ConcurrentIndex(table, partition.Name, wanted, existing);
            }
        }
    }

    /// <summary>An index built without blocking writers; an invalid or different one of the same name goes first.</summary>
    private void ConcurrentIndex(TableModel table, string onTable, IndexModel index, IndexModel? existing)
    {
        var name = Qualified(table.Schema, index.Name);
        var statements = new List<string>();
        // Also after a build interrupted by this very apply (a lock timeout), so a retry starts clean.
        statements.Add("DROP INDEX CONCURRENTLY IF EXISTS " + Q(table.Schema) + "." + Q(index.Name));
        statements.Add("CREATE " + (index.Unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + Q(index.Name) + " ON " + Q(table.Schema) + "." + Q(onTable) + " (" + string.Join(", ", index.Columns.Select(Q)) + ")");
        var what = existing is null ? "Create index " : existing.Valid ? "Rebuild index (its columns differ) " : "Rebuild invalid index ";
        Add(table, what + name + " on " + Qualified(table.Schema, onTable) + " (" + string.Join(", ", index.Columns) + ") concurrently", PgxHazard.IndexBuild, false, statements.ToArray());
    }

    /// <summary>
    /// A declarative table's index the way pg-schema-diff builds it: an invalid index on the parent only, one built
    /// concurrently on each partition, each attached; the parent's index turns valid with the last attach.
    /// </summary>
    private void DeclarativeIndex(TableModel table, TableModel actual, IndexModel index, IndexModel? existing)
    {
        var columns = " (" + string.Join(", ", index.Columns.Select(Q)) + ")";
        var unique = index.Unique ? "UNIQUE " : "";
        var parentIndex = Q(table.Schema) + "." + Q(index.Name);
        var statements = new List<string>();
        if (existing is not null)
        {
            statements.Add("DROP INDEX " + parentIndex);
        }

        statements.Add("CREATE " + unique + "INDEX " + Q(index.Name) + " ON ONLY " + QT(table) + columns);
        Add(table, (existing is null ? "Create index " : "Rebuild index ") + Qualified(table.Schema, index.Name) + " on " + Name(table) + " only (valid once every partition's index is attached)", PgxHazard.None, true, statements.ToArray());
        foreach (var partition in table.Partitioning!.Partitions)
        {
            // Partitions the plan creates come first (see Run), without this index: they get theirs the same way.
            var child = partition.Indexes.FirstOrDefault(i => i.SameDefinition(index)) ?? new IndexModel { Name = Truncate(partition.Name + "_" + string.Join("_", index.Columns), 59) + (index.Unique ? "_key" : "_idx"), Columns = index.Columns, Unique = index.Unique };
            var childIndex = Q(table.Schema) + "." + Q(child.Name);
            Add(table, "Create index " + Qualified(table.Schema, child.Name) + " on partition " + Qualified(table.Schema, partition.Name) + " concurrently", PgxHazard.IndexBuild, false,
                "DROP INDEX CONCURRENTLY IF EXISTS " + childIndex,
                "CREATE " + unique + "INDEX CONCURRENTLY " + Q(child.Name) + " ON " + Q(table.Schema) + "." + Q(partition.Name) + columns);
            Add(table, "Attach index " + Qualified(table.Schema, child.Name) + " to " + Qualified(table.Schema, index.Name), PgxHazard.None, true,
                "ALTER INDEX " + parentIndex + " ATTACH PARTITION " + childIndex);
        }
    }

    /// <summary>Whether the table is partitioned another way than the model's: then its only step is a clear refusal.</summary>
    private bool RefusePartitioningChange(TableModel table, TableModel actual)
    {
        var declarative = table.Partitioning is { IsTriggerRouted: false };
        var isDeclarative = actual.Partitioning is { IsTriggerRouted: false };
        if (declarative != isDeclarative || (declarative && (table.Partitioning!.Kind != actual.Partitioning!.Kind || table.Partitioning.KeyColumn != actual.Partitioning.KeyColumn)))
        {
            // A table is partitioned one way for good: changing it means a new table and a copy of every row, which is
            // a migration to write and review, not a step to run at start-up.
            var wantedShape = Shape(table);
            var actualShape = Shape(actual);
            Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitioningDiffers, wantedShape, actualShape) { IsLocal = true });
            var message = Name(table) + " is " + actualShape + " but the model wants it " + wantedShape + ": "
                + (actual.Partitioning?.IsTriggerRouted == true && declarative
                    ? "Pgx converts a trigger-routed table to LIST or RANGE partitioning in place, but not to HASH (a child's CHECK cannot state a hash bound);"
                    : isDeclarative && table.Partitioning?.IsTriggerRouted == true
                        ? "converting a declaratively partitioned table back to trigger routing is not supported (trigger routing is the legacy layout, under which INSERT … RETURNING returns no row): keep Routing = PartitionRouting.Declarative, or"
                        : "Pgx does not change how an existing table is partitioned;")
                + " create the new table under another name, copy the rows (INSERT … SELECT), then swap the names in one transaction";
            Add(table, "Refuse: " + message, PgxHazard.None, true,
                "DO $pgx$ BEGIN RAISE EXCEPTION '%', " + Literal(message) + " USING ERRCODE = 'feature_not_supported'; END $pgx$");
            return true;
        }

        return false;
    }

    private void Partitions(TableModel table, TableModel actual)
    {
        if (table.Partitioning is not { } wanted)
        {
            return;
        }

        var have = actual.Partitioning?.Partitions ?? new List<PartitionModel>();
        if (wanted.IsTriggerRouted)
        {
            TriggerPartitions(table, actual, wanted, have);
        }
        else if (wanted.Kind == "hash" && HashModulusChanged(wanted, have))
        {
            RebuildHash(table, wanted, have);
        }
        else
        {
            DeclarativePartitions(table, wanted, have);
        }
    }

    // The modulus the partitions say, not their count: partitions on other servers are not in the list (the foreign refresh makes them).
    private static bool HashModulusChanged(PartitioningModel wanted, List<PartitionModel> have) =>
        have.Count > 0 && (have.Count != wanted.Partitions.Count || have.Any(p => p.Modulus != (wanted.Partitions.FirstOrDefault()?.Modulus ?? 0)));

    private void DeclarativePartitions(TableModel table, PartitioningModel wanted, List<PartitionModel> have)
    {
        // Removed partitions go first: a value they held may belong to another partition now.
        foreach (var extra in have.Where(p => wanted.Partitions.All(w => w.Name != p.Name)))
        {
            if (ServerTaking(table, extra) is { } server)
            {
                MoveToServer(table, extra, server);
                continue;
            }

            RemovedPartition(table, extra, "ALTER TABLE " + QT(table) + " DETACH PARTITION " + Q(table.Schema) + "." + Q(extra.Name));
        }

        var defaultPartition = have.FirstOrDefault(p => p.IsDefault && wanted.Partitions.Any(w => w.Name == p.Name));
        var created = new List<PartitionModel>();
        var changed = new List<(PartitionModel Wanted, PartitionModel Existing)>();
        foreach (var partition in wanted.Partitions)
        {
            var existing = have.FirstOrDefault(p => p.Name == partition.Name);
            var bound = _canonical.TryGetValue(CanonicalKey(table, partition), out var canonical) ? canonical : partition.Bound;
            if (existing is null && Find(table)?.Partitioning?.ForeignPartitions.FirstOrDefault(p => p.Name == partition.Name) is { } foreign)
            {
                MoveBack(table, partition, foreign);
            }
            else if (existing is null)
            {
                Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionMissing, Qualified(table.Schema, partition.Name) + " " + bound, null) { IsLocal = true });
                created.Add(partition);
            }
            else if (existing.Bound != bound && !(existing.IsDefault && partition.IsDefault))
            {
                Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionBoundsDiffer, Qualified(table.Schema, partition.Name) + " " + bound, Qualified(table.Schema, partition.Name) + " " + existing.Bound) { IsLocal = true });
                changed.Add((partition, existing));
            }
        }

        if (changed.Count > 0)
        {
            ChangeBounds(table, changed, created, defaultPartition);
            return;
        }

        foreach (var partition in created)
        {
            var description = "Create partition " + Qualified(table.Schema, partition.Name) + " " + (_canonical.TryGetValue(CanonicalKey(table, partition), out var canonical) ? canonical : partition.Bound);
            if (defaultPartition is not null && !partition.IsDefault)
            {
                MoveFromDefault(table, partition, defaultPartition, description, partition.CreateSql);
            }
            else
            {
                Add(table, description, PgxHazard.None, true, partition.CreateSql);
            }
        }
    }

    /// <summary>
    /// A new partition while the default holds rows it must take: detach the default, create the partition, move the
    /// rows, attach the default again, in one transaction (nothing is lost if any statement fails).
    /// </summary>
    private void MoveFromDefault(TableModel table, PartitionModel partition, PartitionModel defaultPartition, string description, string create)
    {
        var columns = ColumnList(table);
        var def = Q(table.Schema) + "." + Q(defaultPartition.Name);
        Add(table, description + ", moving its rows out of the default partition " + Qualified(table.Schema, defaultPartition.Name) + " (both locked meanwhile)",
            PgxHazard.MovesRows | PgxHazard.LongLock, true,
            "ALTER TABLE " + QT(table) + " DETACH PARTITION " + def,
            create,
            "WITH moved AS (DELETE FROM " + def + " WHERE " + Condition(table, partition) + " RETURNING " + columns + ") INSERT INTO " + Q(table.Schema) + "." + Q(partition.Name) + " (" + columns + ") SELECT " + columns + " FROM moved",
            "ALTER TABLE " + QT(table) + " ATTACH PARTITION " + def + " DEFAULT");
    }

    /// <summary>
    /// New bounds for existing partitions, as one step whatever their number, so a value may move from one partition
    /// to another or two partitions may swap values: every changed partition (and the default) is detached first, so
    /// no attach can overlap a bound not yet changed; rows outside their partition's new bounds, and the default's
    /// rows that a changed or new partition now takes, wait in a temporary table; new partitions are created, the
    /// changed ones attached with their new bounds, the default re-attached, and the waiting rows go back through the
    /// parent. One transaction: a row no partition takes fails the step and nothing is lost.
    /// </summary>
    private void ChangeBounds(TableModel table, List<(PartitionModel Wanted, PartitionModel Existing)> changed, List<PartitionModel> created, PartitionModel? defaultPartition)
    {
        var columns = ColumnList(table);
        string Child(PartitionModel p) => Q(table.Schema) + "." + Q(p.Name);
        var statements = changed.Select(c => "ALTER TABLE " + QT(table) + " DETACH PARTITION " + Child(c.Wanted)).ToList();
        var takers = changed.Select(c => c.Wanted).Concat(created).Where(p => !p.IsDefault).ToList();
        var def = defaultPartition is not null && changed.All(c => c.Wanted.Name != defaultPartition.Name) && takers.Count > 0 ? Child(defaultPartition) : null;
        if (def is not null)
        {
            statements.Add("ALTER TABLE " + QT(table) + " DETACH PARTITION " + def);
        }

        statements.Add("CREATE TEMPORARY TABLE pgx_moving ON COMMIT DROP AS SELECT " + columns + " FROM " + QT(table) + " WITH NO DATA");
        string Move(string from, string where) => "WITH moved AS (DELETE FROM " + from + " WHERE " + where + " RETURNING " + columns + ") INSERT INTO pgx_moving (" + columns + ") SELECT " + columns + " FROM moved";
        statements.AddRange(changed.Where(c => !c.Wanted.IsDefault).Select(c => Move(Child(c.Wanted), "NOT (" + Condition(table, c.Wanted) + ")")));
        if (def is not null)
        {
            statements.Add(Move(def, string.Join(" OR ", takers.Select(p => "(" + Condition(table, p) + ")"))));
        }

        statements.AddRange(created.Select(p => p.CreateSql));
        statements.AddRange(changed.Select(c => "ALTER TABLE " + QT(table) + " ATTACH PARTITION " + Child(c.Wanted) + " " + c.Wanted.Bound));
        if (def is not null)
        {
            statements.Add("ALTER TABLE " + QT(table) + " ATTACH PARTITION " + def + " DEFAULT");
        }

        statements.Add("INSERT INTO " + QT(table) + " (" + columns + ") SELECT " + columns + " FROM pgx_moving");
        statements.Add("DROP TABLE pgx_moving");
        var description = changed.Count == 1
            ? "Change the bounds of partition " + Qualified(table.Schema, changed[0].Wanted.Name) + " from " + changed[0].Existing.Bound + " to " + changed[0].Wanted.Bound
            : "Change the bounds of partitions " + string.Join(", ", changed.Select(c => Qualified(table.Schema, c.Wanted.Name) + " from " + c.Existing.Bound + " to " + c.Wanted.Bound));
        if (created.Count > 0)
        {
            description += ", create partition" + (created.Count == 1 ? " " : "s ") + string.Join(", ", created.Select(p => Qualified(table.Schema, p.Name) + " " + p.Bound));
        }

        Add(table, description + ", moving the rows that change partition", PgxHazard.MovesRows | PgxHazard.LongLock, true, statements.ToArray());
    }

    private void RemovedPartition(TableModel table, PartitionModel extra, string detach)
    {
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionExtra, null, Qualified(table.Schema, extra.Name)) { IsLocal = true });
        Add(table, "Detach partition " + Qualified(table.Schema, extra.Name) + " (the model no longer has it; the table and its rows are kept)", PgxHazard.LongLock, true, detach);
        if (_allowDataLoss)
        {
            Add(table, "Drop the detached partition " + Qualified(table.Schema, extra.Name) + " and its rows", PgxHazard.DataLoss, true,
                "DROP TABLE " + Q(table.Schema) + "." + Q(extra.Name));
        }
    }

    /// <summary>A new hash modulus: every row is set aside, the old partitions dropped, the new ones created, the rows put back.</summary>
    private void RebuildHash(TableModel table, PartitioningModel wanted, List<PartitionModel> have)
    {
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionBoundsDiffer, "modulus " + wanted.Partitions.Count, "modulus " + (have.FirstOrDefault()?.Modulus ?? 0)) { IsLocal = true });
        var columns = ColumnList(table);
        var statements = new List<string>
        {
            "CREATE TEMPORARY TABLE pgx_moving ON COMMIT DROP AS SELECT " + columns + " FROM " + QT(table),
        };
        statements.AddRange(have.Select(p => "DROP TABLE " + Q(table.Schema) + "." + Q(p.Name)));
        statements.AddRange(wanted.Partitions.Select(p => p.CreateSql));
        statements.Add("INSERT INTO " + QT(table) + " (" + columns + ") SELECT " + columns + " FROM pgx_moving");
        statements.Add("DROP TABLE pgx_moving");
        Add(table, "Rebuild the hash partitions of " + Name(table) + " with modulus " + wanted.Partitions.Count + " (was " + (have.FirstOrDefault()?.Modulus ?? 0) + "): every row is moved, the old partitions are dropped",
            PgxHazard.DataLoss | PgxHazard.MovesRows | PgxHazard.LongLock, true, statements.ToArray());
    }

    private void TriggerPartitions(TableModel table, TableModel actual, PartitioningModel wanted, List<PartitionModel> have)
    {
        var created = new List<PartitionModel>();
        foreach (var partition in wanted.Partitions.Where(p => have.All(h => h.Name != p.Name)))
        {
            Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionMissing, Qualified(table.Schema, partition.Name) + " CHECK (" + partition.Check + ")", null) { IsLocal = true });
            // A new, empty child: its indexes are built right away, inside the transaction.
            var statements = new List<string> { partition.CreateSql };
            statements.AddRange(partition.Indexes.Select(i => "CREATE " + (i.Unique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + Q(i.Name) + " ON " + Q(table.Schema) + "." + Q(partition.Name) + " (" + string.Join(", ", i.Columns.Select(Q)) + ")"));
            Add(table, "Create child table " + Qualified(table.Schema, partition.Name) + " CHECK (" + partition.Check + ") with its primary key and indexes", PgxHazard.None, true, statements.ToArray());
            created.Add(partition);
        }

        var actualBody = actual.Partitioning?.RoutingFunctionBody;
        if (wanted.RoutingFunctionSql is { } function && actualBody != wanted.RoutingFunctionBody)
        {
            Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.RoutingFunctionDiffers, wanted.RoutingFunction, actualBody is null ? null : wanted.RoutingFunction) { IsLocal = true });
            Add(table, "Replace the routing function " + Qualified(table.Schema, wanted.RoutingFunction ?? "") + " with the model's partition map", PgxHazard.None, true, function);
        }

        RoutingTrigger(table, actual, wanted);

        // Checks after the routing function: rows that no longer fit their child go back through the parent, whose
        // trigger now routes them by the new map.
        var changed = new List<(PartitionModel Wanted, PartitionModel Existing, string Check)>();
        foreach (var partition in wanted.Partitions)
        {
            var existing = have.FirstOrDefault(p => p.Name == partition.Name);
            if (existing is null || partition.Check is null)
            {
                continue;
            }

            var check = _canonical.TryGetValue(CanonicalKey(table, partition), out var canonical) ? canonical : "CHECK (" + partition.Check + ")";
            if ((existing.Check != check || existing.CheckName != partition.CheckName) && !AdoptCheck(table, partition, existing, check))
            {
                Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionBoundsDiffer, Qualified(table.Schema, partition.Name) + " " + check, Qualified(table.Schema, partition.Name) + " " + (existing.Check ?? "(no CHECK)")) { IsLocal = true });
                changed.Add((partition, existing, check));
            }
        }

        if (changed.Count > 0)
        {
            ChangeChecks(table, changed.Select(c => (c.Wanted, c.Existing)).ToList());
        }

        MoveRowsInParent(table, actual);

        foreach (var extra in have.Where(p => wanted.Partitions.All(w => w.Name != p.Name)))
        {
            RemovedPartition(table, extra, "ALTER TABLE " + Q(table.Schema) + "." + Q(extra.Name) + " NO INHERIT " + QT(table));
        }
    }

    /// <summary>
    /// New CHECKs for existing children, as one step whatever their number, so children may trade values: writers of
    /// the table wait (<see cref="WritersWait"/>), every old CHECK goes, then the rows that no longer fit each child go back through the parent, whose trigger routes
    /// them by the new map into children that no longer refuse them, and the new CHECKs are added last.
    /// </summary>
    private void ChangeChecks(TableModel table, List<(PartitionModel Wanted, PartitionModel Existing)> changed)
    {
        var columns = ColumnList(table);
        string Child(PartitionModel p) => Q(table.Schema) + "." + Q(p.Name);
        var statements = new List<string> { WritersWait(table) };
        statements.AddRange(changed.Where(c => c.Existing.CheckName is not null).Select(c => "ALTER TABLE " + Child(c.Wanted) + " DROP CONSTRAINT " + Q(c.Existing.CheckName!)));
        statements.AddRange(changed.Select(c => "WITH moved AS (DELETE FROM ONLY " + Child(c.Wanted) + " WHERE NOT (" + c.Wanted.Check + ") RETURNING " + columns + ") INSERT INTO " + QT(table) + " (" + columns + ") SELECT " + columns + " FROM moved"));
        statements.AddRange(changed.Select(c => "ALTER TABLE " + Child(c.Wanted) + " ADD CONSTRAINT " + Q(c.Wanted.CheckName!) + " CHECK (" + c.Wanted.Check + ")"));
        var description = changed.Count == 1
            ? "Change the CHECK of child table " + Qualified(table.Schema, changed[0].Wanted.Name) + " to " + changed[0].Wanted.Check
            : "Change the CHECKs of child tables " + string.Join(", ", changed.Select(c => Qualified(table.Schema, c.Wanted.Name) + " to " + c.Wanted.Check));
        Add(table, description + ", moving rows that no longer fit through the routing trigger (writers wait meanwhile)", PgxHazard.MovesRows | PgxHazard.LongLock, true, statements.ToArray());
    }

    /// <summary>
    /// Holds off writers of a trigger-routed table and its children until the transaction commits (readers go on). A
    /// writer already inside the old routing function would otherwise wait only for the child's lock, then meet the
    /// child's new CHECK with a row the old map sent there. Taken on the parent first, then its children, in the order
    /// an insert through the parent takes them.
    /// </summary>
    private static string WritersWait(TableModel table) => "LOCK TABLE " + QT(table) + " IN EXCLUSIVE MODE";

    /// <summary>The rows a partition holds, for moving them: the model's CHECK (trigger) or its bound as a condition.</summary>
    private static string Condition(TableModel table, PartitionModel partition) =>
        partition.Check ?? BoundCondition(partition, Q(table.Partitioning!.KeyColumn));

    private void Add(TableModel table, string description, PgxHazard hazards, bool inTransaction, params string[] statements) =>
        Steps.Add(new PgxPlanStep(Name(table), description, statements, hazards, inTransaction));

    private static string Shape(TableModel table) => table.Partitioning is not { } p
        ? "not partitioned"
        : p.IsTriggerRouted ? "routed by a trigger" : p.Kind.ToUpperInvariant() + "-partitioned on " + p.KeyColumn;

    private static string ColumnList(TableModel table) => string.Join(", ", table.Columns.Select(c => Q(c.Name)));

    private static string Describe(IndexModel index) =>
        index.Name + (index.Unique ? " UNIQUE" : "") + " (" + string.Join(", ", index.Columns) + ")" + (index.Valid ? "" : " INVALID");

    private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);

    private static string Name(TableModel table) => Qualified(table.Schema, table.Name);

    private static string Qualified(string schema, string name) => schema + "." + name;

    private static string QT(TableModel table) => Q(table.Schema) + "." + Q(table.Name);

    private static string Q(string identifier) => SqlIdentifier.Quote(identifier);

    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
