extern alias tasks;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tasks.Migrations;
using Pgx.Testing;
using Hazard = tasks::Pgx.PgxHazard;
using tasks::Pgx.Schema;

namespace Pgx.PackageTests;

/// <summary>
/// A trigger-routed table's snapshot and the same table's declarative model: the migration PgxAddMigration writes
/// converts it in place — the build-time half of the conversion, which compares the snapshot's CHECKs with the
/// partitions' bounds in the generator's spelling — and runs with psql against a database in the snapshot's state.
/// </summary>
public sealed class ConversionMigrationTests
{
    private static TableModel Table(bool trigger)
    {
        var table = new TableModel
        {
            Name = "t",
            Columns =
            {
                new ColumnModel { Name = "id", Type = "bigint", NotNull = true, Default = "nextval('public.t_id_seq'::regclass)" },
                new ColumnModel { Name = "p", Type = "integer", NotNull = true },
                new ColumnModel { Name = "value", Type = "text" },
            },
            PrimaryKeyName = "t_pkey",
            PrimaryKey = trigger ? new List<string> { "id" } : new List<string> { "id", "p" },
            Partitioning = new PartitioningModel { Kind = "list", Routing = trigger ? "trigger" : "declarative", KeyColumn = "p", RoutingFunction = trigger ? "t_insert_trigger" : null },
        };
        foreach (var p in new[] { 1, 2 })
        {
            table.Partitioning.Partitions.Add(trigger
                ? new PartitionModel { Name = "t" + p, Check = "p = " + p, CheckName = "t" + p + "_partition_check", PrimaryKey = { "id" }, PrimaryKeyName = "t" + p + "_pkey" }
                : new PartitionModel { Name = "t" + p, Values = { p.ToString(System.Globalization.CultureInfo.InvariantCulture) }, Bound = "FOR VALUES IN (" + p + ")" });
        }

        return table;
    }

    [Fact]
    public async Task The_migration_builds_the_keys_outside_a_transaction_then_converts_in_one_and_psql_runs_it()
    {
        var steps = MigrationPlanner.Plan(new SchemaModel { Tables = { Table(trigger: false) } }, new SchemaModel { Tables = { Table(trigger: true) } });
        var scripts = MigrationScripts.Render(steps, 2, "Declarative", "Shop 1.0.0.0 with Pgx.Generators 0.1.0", "the snapshot");

        // Each statement of the two key builds is a script of its own, outside a transaction; the conversion is the last, in one.
        Assert.Equal(Enumerable.Repeat(false, 6).Append(true), scripts.Select(s => s.InTransaction));
        Assert.Contains(scripts, s => s.Text.EndsWith("\nCREATE UNIQUE INDEX CONCURRENTLY \"t1_pkey_pgx_new\" ON \"public\".\"t1\" (\"id\", \"p\");\n", StringComparison.Ordinal));
        Assert.Contains("ALTER TABLE \"public\".\"t\" ATTACH PARTITION \"public\".\"t2\" FOR VALUES IN (2);", scripts[^1].Text, StringComparison.Ordinal);
        Assert.Equal(Hazard.LongLock, steps[^1].Hazards);

        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("conversion_migration");
        await using (var db = NpgsqlDataSource.Create(database))
        {
            await db.ExecuteAsync("""
                CREATE SEQUENCE t_id_seq;
                CREATE TABLE t (id bigint NOT NULL DEFAULT nextval('t_id_seq'), p integer NOT NULL, value text, CONSTRAINT t_pkey PRIMARY KEY (id));
                ALTER SEQUENCE t_id_seq OWNED BY t.id;
                CREATE TABLE t1 (CONSTRAINT t1_partition_check CHECK (p = 1), CONSTRAINT t1_pkey PRIMARY KEY (id)) INHERITS (t);
                CREATE TABLE t2 (CONSTRAINT t2_partition_check CHECK (p = 2), CONSTRAINT t2_pkey PRIMARY KEY (id)) INHERITS (t);
                CREATE FUNCTION t_insert_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.p = 1 THEN INSERT INTO t1 VALUES (NEW.*); ELSE INSERT INTO t2 VALUES (NEW.*); END IF; RETURN NULL; END $$;
                CREATE TRIGGER t_insert_trigger BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION t_insert_trigger();
                INSERT INTO t (p, value) SELECT 1 + g % 2, 'v' || g FROM generate_series(1, 1000) g;
                """);
        }

        var folder = Path.Combine(Path.GetTempPath(), "pgx-conversion-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var script in scripts)
            {
                var path = Path.Combine(folder, script.FileName);
                File.WriteAllText(path, script.Text);
                var arguments = new List<string> { "-X", "-w", "-v", "ON_ERROR_STOP=1" };
                arguments.AddRange(script.InTransaction ? new[] { "--single-transaction", "-f", path } : new[] { "-f", path });
                var result = await PostgresClient.PsqlAsync(database, arguments, new Dictionary<string, string>());
                Assert.True(result.ExitCode == 0, result.ToString());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await using var after = NpgsqlDataSource.Create(database);
        Assert.Equal("p", await after.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 't'::regclass"));
        Assert.Equal(1000L, await after.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.Equal(500L, await after.ScalarAsync<long>("SELECT count(*) FROM ONLY t1"));
        Assert.Equal(0L, await after.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname = 't_insert_trigger'"));
        Assert.Single(await after.RowsAsync("INSERT INTO t (p, value) VALUES (2, 'returned') RETURNING *"));
    }
}
