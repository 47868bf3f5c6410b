using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>
/// The maintenance as a SQL procedure (<c>CALL pgx.maintain_partitions()</c>, part of <c>PgxSchema.Sql</c> and
/// <c>pgx.schema.sql</c>): from the same start state it leaves the same catalog and rows as <c>MaintainAsync</c>, for
/// declarative and trigger-routed sets, with the clock passed in; a second call changes nothing; it waits for the
/// advisory lock <c>ApplyAsync</c> and <c>MaintainAsync</c> hold; psql runs it against the artifact.
/// </summary>
public sealed class RollingProcedureTests : RollingSchemaTests
{
    [Fact]
    public async Task The_procedure_and_MaintainAsync_leave_the_same_partitions_bounds_routing_access_and_rows()
    {
        await using var byProcedure = NpgsqlDataSource.Create(await Database.Server.CreateDatabaseAsync("rolling_procedure"));
        await byProcedure.ExecuteAsync(PgxSchema.Sql);
        await using var app = await LoginRole.CreateAsync(Db, Database.ConnectionString);
        try
        {
            await BothMaintainAsync(byProcedure, app.Name);
        }
        finally
        {
            await Sql.ExecuteFormattedAsync(byProcedure, "DROP OWNED BY %I", app.Name);
        }
    }

    /// <summary>The same maintenance runs on <see cref="RollingSchemaTests.Db"/> and <paramref name="byProcedure"/>, whose parents grant <paramref name="role"/> the same.</summary>
    private async Task BothMaintainAsync(NpgsqlDataSource byProcedure, string role)
    {
        foreach (var db in new[] { Db, byProcedure })
        {
            // What new partitions copy from their parents: table and column privileges, row-level security, row triggers.
            await Sql.ExecuteFormattedAsync(db, "GRANT USAGE ON SCHEMA rolling TO %I", role);
            await Sql.ExecuteFormattedAsync(db, "GRANT SELECT, INSERT ON rolling.metrics, rolling.legacy_metrics TO %I", role);
            await Sql.ExecuteFormattedAsync(db, "GRANT UPDATE (value) ON rolling.metrics, rolling.legacy_metrics TO %I WITH GRANT OPTION", role);
            await Sql.ExecuteFormattedAsync(db, "CREATE POLICY own_rows ON rolling.legacy_metrics TO %I USING (value >= 0)", role);
            await db.ExecuteAsync("""
                ALTER TABLE rolling.legacy_metrics ENABLE ROW LEVEL SECURITY;
                ALTER TABLE rolling.metrics ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
                CREATE POLICY recent ON rolling.metrics AS RESTRICTIVE FOR SELECT USING (at > '2000-01-01+00');
                CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER touch BEFORE UPDATE ON rolling.legacy_metrics FOR EACH ROW EXECUTE FUNCTION public.touch();
                CREATE TRIGGER touch AFTER INSERT ON rolling.metrics FOR EACH ROW EXECUTE FUNCTION public.touch();
                """);

            // Rows waiting in the default partitions for months the first maintenance creates.
            await db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) SELECT g, '2026-02-01+00'::timestamptz + g * interval '1 hour', g FROM generate_series(1, 30) g");
            await db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) SELECT g, '2026-04-03+00'::timestamptz + g * interval '1 minute', g FROM generate_series(1, 9) g");
        }

        await PgxSchema.MaintainAsync(Db, March15);
        await CallAsync(byProcedure, March15);

        var catalog = await CatalogAsync(byProcedure);
        Assert.Equal(await CatalogAsync(Db), catalog);
        foreach (var partition in new[] { "metrics_p202602", "legacy_metrics_p202604" })
        {
            var access = catalog.Split('\n').Single(line => line.StartsWith("access " + partition + " ", StringComparison.Ordinal));
            Assert.Contains(role + "=ar/", access, StringComparison.Ordinal);
            Assert.Contains("value:{" + role + "=w*/", access, StringComparison.Ordinal);
            Assert.Contains(" rls=true", access, StringComparison.Ordinal);
        }

        Assert.Contains("trigger CREATE TRIGGER touch BEFORE UPDATE ON rolling.legacy_metrics_p202604 ", catalog, StringComparison.Ordinal);
        Assert.Equal(30L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.metrics_p202602"));
        Assert.Equal(9L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_p202604"));

        // Later: more rows waiting for partitions not made yet, then retention (detach, drop) and moves together.
        foreach (var db in new[] { Db, byProcedure })
        {
            await db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) SELECT 100 + g, '2026-08-01+00'::timestamptz + g * interval '1 hour', g FROM generate_series(1, 25) g");
            await db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) SELECT 100 + g, '2026-07-10+00'::timestamptz + g * interval '1 minute', g FROM generate_series(1, 7) g");
            await db.ExecuteAsync("INSERT INTO rolling.samples (id, day, count) VALUES (1, '2026-03-16', 1)");
        }

        await PgxSchema.MaintainAsync(Db, September10);
        await CallAsync(byProcedure, September10);

        Assert.Equal(await CatalogAsync(Db), await CatalogAsync(byProcedure));
        Assert.Equal(25L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.metrics_p202608"));
        Assert.Equal(0L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_default"));
        Assert.Equal(30L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_p202602"));
        Assert.Equal(16L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
        Assert.Equal(0L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_default"));
        Assert.Equal(0L, await byProcedure.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'samples_p20260316'"));
    }

    [Fact]
    public async Task A_second_call_with_the_same_clock_changes_nothing_and_MaintainAsync_finds_nothing_to_do()
    {
        await CallAsync(Db, March15);
        var before = await VersionsAsync(Db);

        await CallAsync(Db, March15.AddHours(2));

        Assert.Equal(before, await VersionsAsync(Db));
        var report = await PgxSchema.MaintainAsync(Db, March15);
        Assert.True(report.IsEmpty, string.Join(", ", report.Created.Concat(report.Detached).Concat(report.Dropped)));
        Assert.Equal(before, await VersionsAsync(Db));
    }

    [Fact]
    public async Task The_procedure_waits_for_the_advisory_lock_that_ApplyAsync_and_MaintainAsync_hold()
    {
        await using var holder = await Db.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(" + PgxSchemaApplier.AdvisoryLockKey + ")", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        await using var caller = await Db.OpenConnectionAsync();
        await using (var wait = new NpgsqlCommand("SET lock_timeout = '200ms'", caller))
        {
            await wait.ExecuteNonQueryAsync();
        }

        await using (var call = new NpgsqlCommand("CALL pgx.maintain_partitions(now => '2026-03-15 12:00+00')", caller))
        {
            var waited = await Assert.ThrowsAsync<PostgresException>(() => call.ExecuteNonQueryAsync());
            Assert.Equal("55P03", waited.SqlState);
        }

        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE 'metrics\\_p2%'"));
    }

    [Fact]
    public async Task Psql_runs_the_procedure_from_the_schema_artifact()
    {
        var connectionString = await Database.Server.CreateDatabaseAsync("rolling_procedure_psql");
        var artifact = Path.Combine(AppContext.BaseDirectory, "sql", "pgx.schema.sql");
        var apply = await PostgresClient.PsqlFileAsync(connectionString, artifact);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var script = Path.Combine(Path.GetTempPath(), "pgx-maintain-" + Guid.NewGuid().ToString("N") + ".sql");
        await File.WriteAllTextAsync(script, "CALL pgx.maintain_partitions(now => '2026-03-15 12:00+00');\n", new UTF8Encoding(false));
        try
        {
            var call = await PostgresClient.PsqlFileAsync(connectionString, script);
            Assert.True(call.ExitCode == 0, call.ToString());
        }
        finally
        {
            File.Delete(script);
        }

        await using var db = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(6L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'rolling.metrics'::regclass AND inhrelid::regclass::text LIKE 'rolling.metrics\\_p2026%'"));
        Assert.True((await PgxSchema.MaintainAsync(db, March15)).IsEmpty);
    }

    /// <summary>
    /// Every child of the rolling parents with its bound, constraints, indexes, privileges, row-level security, policies,
    /// triggers and rows, and the routing functions' text.
    /// </summary>
    private static async Task<string> CatalogAsync(NpgsqlDataSource db)
    {
        var text = await db.ScalarAsync<string>("""
            SELECT string_agg(item, E'\n' ORDER BY item) FROM (
                SELECT 'relation ' || c.relname || ' kind=' || c.relkind::text || ' of=' || coalesce(i.inhparent::regclass::text, '-')
                       || ' bound=' || coalesce(pg_get_expr(c.relpartbound, c.oid), '-') AS item
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
                WHERE n.nspname = 'rolling' AND c.relkind IN ('r', 'p')
                UNION ALL
                SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'rolling'::regnamespace
                UNION ALL
                SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'rolling'
                UNION ALL
                SELECT 'function ' || proname || E'\n' || prosrc FROM pg_proc WHERE pronamespace = 'rolling'::regnamespace
                UNION ALL
                SELECT 'access ' || c.relname || ' acl=' || coalesce(c.relacl::text, '-') || ' rls=' || c.relrowsecurity::text || ' force=' || c.relforcerowsecurity::text
                       || ' columns=' || coalesce((SELECT string_agg(a.attname || ':' || a.attacl::text, ',' ORDER BY a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL), '-')
                FROM pg_class c WHERE c.relnamespace = 'rolling'::regnamespace AND c.relkind IN ('r', 'p')
                UNION ALL
                SELECT 'policy ' || tablename || ' ' || policyname || ' ' || permissive || ' ' || roles::text || ' ' || cmd || ' ' || coalesce(qual, '-') || ' ' || coalesce(with_check, '-')
                FROM pg_policies WHERE schemaname = 'rolling'
                UNION ALL
                SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text || ' note=' || coalesce(obj_description(t.oid, 'pg_trigger'), '-')
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'rolling'::regnamespace AND NOT t.tgisinternal
            ) items
            """);
        var rows = new StringBuilder(text);
        foreach (var table in await db.ScalarAsync<string[]>("SELECT array_agg(c.oid::regclass::text ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = 'rolling'::regnamespace AND c.relkind = 'r'"))
        {
            rows.Append('\n').Append(table).Append(" rows=").Append(await db.ScalarAsync<string>("SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM ONLY " + table));
        }

        return rows.ToString();
    }

    /// <summary>The transaction that last wrote each relation, constraint and function of the rolling sets.</summary>
    private static Task<string> VersionsAsync(NpgsqlDataSource db) => db.ScalarAsync<string>("""
        SELECT string_agg(item, ',' ORDER BY item) FROM (
            SELECT relname || '=' || xmin::text AS item FROM pg_class WHERE relnamespace = 'rolling'::regnamespace
            UNION ALL SELECT conname || '=' || xmin::text FROM pg_constraint WHERE connamespace = 'rolling'::regnamespace
            UNION ALL SELECT proname || '=' || xmin::text FROM pg_proc WHERE pronamespace = 'rolling'::regnamespace
        ) items
        """);
}
