using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>PgxSchema.ApplyAsync: idempotent, safe to run concurrently, and a re-apply blocks no writer.</summary>
public sealed class ApplyTests : IAsyncLifetime
{
    /// <summary>
    /// Everything the schema consists of, with the transaction id that last wrote each catalog row: if a
    /// re-apply rewrote a table, constraint, index or trigger, its xmin would change. Functions are compared by
    /// definition (CREATE OR REPLACE rewrites them by design).
    /// </summary>
    private const string CatalogFingerprint = """
        SELECT string_agg(item, E'\n' ORDER BY item) FROM (
            SELECT 'class ' || c.oid::regclass::text || ' ' || c.relkind::text || ' xmin=' || c.xmin::text AS item
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' xmin=' || xmin::text
            FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
            UNION ALL
            SELECT 'trigger ' || pg_get_triggerdef(oid) || ' xmin=' || xmin::text FROM pg_trigger WHERE NOT tgisinternal
            UNION ALL
            SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid))
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
            UNION ALL
            SELECT 'depend ' || classid::regclass::text || ' ' || objid::text || ' ' || refobjid::text || ' ' || deptype::text
            FROM pg_depend WHERE classid = 'pg_class'::regclass AND deptype = 'a'
              AND objid IN (SELECT oid FROM pg_class WHERE relkind = 'S')
            UNION ALL
            SELECT 'namespace ' || nspname || ' xmin=' || xmin::text FROM pg_namespace
            UNION ALL
            SELECT 'column ' || attrelid::regclass::text || '.' || attname || ' ' || attacl::text || ' xmin=' || xmin::text
            FROM pg_attribute WHERE attacl IS NOT NULL AND attrelid >= 16384
            UNION ALL
            SELECT 'policy ' || polrelid::regclass::text || ' ' || polname || ' xmin=' || xmin::text FROM pg_policy
            UNION ALL
            SELECT 'comment ' || classoid::regclass::text || ' ' || objoid::text || ' ' || description || ' xmin=' || xmin::text
            FROM pg_description WHERE objoid >= 16384
        ) items
        """;

    private readonly DatabaseFixture _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Applying_twice_succeeds_and_changes_nothing_the_second_time()
    {
        var db = _database.DataSource;
        await PgxSchema.ApplyAsync(db);
        var first = await db.ScalarAsync<string>(CatalogFingerprint);

        await PgxSchema.ApplyAsync(db);
        var second = await db.ScalarAsync<string>(CatalogFingerprint);

        Assert.Contains("class t1 r", first);
        Assert.Contains("trigger CREATE TRIGGER t_insert_trigger", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Applying_again_after_grants_policies_and_triggers_on_the_parents_changes_nothing_the_second_time()
    {
        var db = _database.DataSource;
        await PgxSchema.ApplyAsync(db);
        await db.ExecuteAsync(""""
            GRANT SELECT, INSERT ON t, telemetry.events TO PUBLIC;
            GRANT UPDATE (value) ON t TO PUBLIC;
            ALTER TABLE t ENABLE ROW LEVEL SECURITY;
            ALTER TABLE telemetry.events ENABLE ROW LEVEL SECURITY;
            CREATE POLICY positive ON t USING (p > 0) WITH CHECK (p > 0);
            CREATE POLICY recent ON telemetry.events AS RESTRICTIVE FOR SELECT USING (occurred_at > '2000-01-01');
            CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION public.touch();
            GRANT SELECT ("select") ON "Odd Schema"."Weird ""Table""" TO PUBLIC;
            CREATE POLICY "Odd ""policy""" ON "Odd Schema"."Weird ""Table""" USING ("select" <> 'it''s');
            CREATE TRIGGER "Odd ""trigger""" AFTER INSERT ON "Odd Schema"."Weird ""Table""" FOR EACH ROW EXECUTE FUNCTION public.touch();
            CREATE TRIGGER "audit ON public.t now" AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION public.touch();
            """");
        await PgxSchema.ApplyAsync(db);
        var first = await db.ScalarAsync<string>(CatalogFingerprint);

        await PgxSchema.ApplyAsync(db);
        var second = await db.ScalarAsync<string>(CatalogFingerprint);

        Assert.Contains("policy t1 positive", first);
        Assert.Contains("policy telemetry.events_default recent", first);
        Assert.Contains("column t2.value", first);
        Assert.Contains("trigger CREATE TRIGGER touch BEFORE UPDATE ON public.t1", first);
        Assert.Contains("policy \"Odd Schema\".\"weird_it's\" Odd \"policy\"", first);
        Assert.Contains("column \"Odd Schema\".\"Wéird-Other\".select", first);
        Assert.Contains("trigger CREATE TRIGGER \"Odd \"\"trigger\"\"\" AFTER INSERT ON \"Odd Schema\".\"Wéird-Other\" FOR EACH ROW", first);
        Assert.Contains("trigger CREATE TRIGGER \"audit ON public.t now\" AFTER INSERT ON public.t2 FOR EACH ROW", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task After_an_apply_the_plan_is_empty_and_no_drift_is_reported()
    {
        await using var db = NpgsqlDataSource.Create(await _database.Server.CreateDatabaseAsync("plan_empty"));
        var before = await PgxSchema.PlanAsync(db);
        Assert.Contains(before.Steps, s => s.Description.StartsWith("Create table public.t ", StringComparison.Ordinal));

        await PgxSchema.ApplyAsync(db);
        var after = await PgxSchema.PlanAsync(db);

        Assert.True(after.IsEmpty, after.ToString());
        Assert.Equal("", after.ToSql());
        Assert.Empty(await PgxSchema.CheckDriftAsync(db));
    }

    [Fact]
    public async Task Concurrent_applies_on_a_fresh_database_all_succeed()
    {
        var connectionString = await _database.Server.CreateDatabaseAsync("concurrent_apply");
        await using var db = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PgxSchema.ApplyAsync(db))));

        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.t'::regclass"));
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'telemetry.sensor_reading'::regclass"));
    }

    [Fact]
    public async Task A_reapply_in_progress_does_not_block_writers()
    {
        var db = _database.DataSource;
        await PgxSchema.ApplyAsync(db);

        await using var applier = await db.OpenConnectionAsync();
        await using var transaction = await applier.BeginTransactionAsync();
        await using (var apply = new NpgsqlCommand(PgxSchema.Sql, applier, transaction))
        {
            await apply.ExecuteNonQueryAsync();
        }

        // The re-apply's transaction is still open. A writer must not wait for it.
        await using var writer = await db.OpenConnectionAsync();
        await using (var timeout = new NpgsqlCommand("SET lock_timeout = '2s'", writer))
        {
            await timeout.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO t (p, value) VALUES (2, 'during apply'); INSERT INTO telemetry.events (occurred_at, device_id, reading) VALUES (now(), gen_random_uuid(), 1)", writer))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.RollbackAsync();
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM t2 WHERE value = 'during apply'"));
    }

    [Fact]
    public async Task A_failed_apply_leaves_nothing_behind()
    {
        var connectionString = await _database.Server.CreateDatabaseAsync("failed_apply");
        await using var db = NpgsqlDataSource.Create(connectionString);

        // A table where t's sequence should be makes the apply fail half-way, after other tables were created.
        await db.ExecuteAsync("CREATE TABLE public.t_id_seq (unrelated int)");
        var error = await Assert.ThrowsAsync<PostgresException>(() => PgxSchema.ApplyAsync(db));

        Assert.Contains("t_id_seq", error.MessageText);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname IN ('t', 't1', 'entries', 'events', 'sensor_reading')"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname IN ('ledger', 'telemetry')"));
    }
}
