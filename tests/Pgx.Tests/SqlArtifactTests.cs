using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>
/// The SQL artifacts build/Pgx.Generators.targets wrote next to this assembly (wired by Directory.Build.targets,
/// as a package reference would): present, the constants byte for byte, and applied by psql all-or-nothing,
/// idempotently, and never at the same time as ApplyAsync.
/// </summary>
public sealed class SqlArtifactTests : IAsyncLifetime
{
    private const string BodyStart = "-- pgx: body begins\n";
    private const string BodyEnd = "-- pgx: body ends\n";

    /// <summary>Every relation, constraint and trigger of the database with the transaction that last wrote it.</summary>
    private const string CatalogVersions = """
        SELECT string_agg(item, E'\n' ORDER BY item) FROM (
            SELECT 'class ' || c.oid::regclass::text || ' xmin=' || c.xmin::text AS item
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' xmin=' || xmin::text
            FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
            UNION ALL
            SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname || ' xmin=' || xmin::text FROM pg_trigger WHERE NOT tgisinternal
        ) items
        """;

    private static readonly string SqlFolder = Path.Combine(AppContext.BaseDirectory, "sql");

    private readonly DatabaseFixture _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public void The_schema_artifact_is_the_constant_byte_for_byte_after_a_header()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SqlFolder, "pgx.schema.sql"));
        var text = new UTF8Encoding(false, true).GetString(bytes);

        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte order mark");
        Assert.DoesNotContain('\r', text);
        Assert.Equal(Encoding.UTF8.GetBytes(PgxSchema.Sql), Body(bytes));

        var header = text.Substring(0, text.IndexOf("\nBEGIN;\n", StringComparison.Ordinal));
        Assert.All(header.Split('\n'), line => Assert.True(line.Length == 0 || line.StartsWith("--", StringComparison.Ordinal), line));
        Assert.StartsWith("-- pgx.schema.sql for Pgx.Tests ", text);
        Assert.Contains("Pgx.Generated.PgxSchema.Sql", header);
        Assert.Contains("-- Idempotent: applying it again changes nothing.", header);
        Assert.Contains("-- psql variables: none", header);
        Assert.Contains("-- Apply: psql -v ON_ERROR_STOP=1 -f pgx.schema.sql", header);
        Assert.EndsWith(BodyEnd + "COMMIT;\n", text);
        Assert.Contains("SELECT pg_catalog.pg_advisory_xact_lock(" + PgxSchemaApplier.AdvisoryLockKey + ");\n" + BodyStart, text);
    }

    [Fact]
    public void The_foreign_artifact_carries_ForeignSql_or_says_why_it_is_empty()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SqlFolder, "pgx.foreign.sql"));
        var text = Encoding.UTF8.GetString(bytes);
        var foreignSql = typeof(PgxSchema).GetField("ForeignSql")?.GetRawConstantValue() as string;

        Assert.StartsWith("-- pgx.foreign.sql for Pgx.Tests ", text);
        if (foreignSql is null)
        {
            Assert.Empty(Body(bytes));
            Assert.Contains("-- Pgx.Tests has no Pgx.Generated.PgxSchema.ForeignSql,", text);
        }
        else
        {
            Assert.Equal(Encoding.UTF8.GetBytes(foreignSql), Body(bytes));
        }
    }

    [Fact]
    public async Task Psql_applies_the_artifacts_twice_the_second_time_changing_nothing()
    {
        var db = _database.DataSource;
        var first = await PostgresClient.PsqlFileAsync(_database.ConnectionString, Path.Combine(SqlFolder, "pgx.schema.sql"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var afterFirst = await db.ScalarAsync<string>(CatalogVersions);
        var dumpAfterFirst = await PostgresClient.SchemaDumpAsync(_database.ConnectionString);

        var second = await PostgresClient.PsqlFileAsync(_database.ConnectionString, Path.Combine(SqlFolder, "pgx.schema.sql"));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("NOTICE", second.Error);
        Assert.Equal(afterFirst, await db.ScalarAsync<string>(CatalogVersions));
        Assert.Equal(dumpAfterFirst, await PostgresClient.SchemaDumpAsync(_database.ConnectionString));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var foreign = await PostgresClient.PsqlFileAsync(_database.ConnectionString, Path.Combine(SqlFolder, "pgx.foreign.sql"));
            Assert.True(foreign.ExitCode == 0, foreign.ToString());
        }

        Assert.Contains("class t1 xmin=", afterFirst);
        Assert.Contains("trigger t t_insert_trigger xmin=", afterFirst);
        await db.ExecuteAsync("INSERT INTO t (p, value) VALUES (2, 'routed')");
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t2 WHERE value = 'routed'"));
    }

    [Fact]
    public async Task Psql_and_ApplyAsync_build_the_same_schema()
    {
        var byPsql = await PostgresClient.PsqlFileAsync(_database.ConnectionString, Path.Combine(SqlFolder, "pgx.schema.sql"));
        Assert.True(byPsql.ExitCode == 0, byPsql.ToString());

        // The artifact makes no rolling partition: those are maintenance's, which ApplyAsync runs once.
        await PgxSchema.MaintainAsync(_database.DataSource, DateTimeOffset.UtcNow);

        var other = await _database.Server.CreateDatabaseAsync("artifact_vs_apply");
        await using (var otherDb = NpgsqlDataSource.Create(other))
        {
            await PgxSchema.ApplyAsync(otherDb);
        }

        Assert.Equal(await PostgresClient.SchemaDumpAsync(other), await PostgresClient.SchemaDumpAsync(_database.ConnectionString));
    }

    [Fact]
    public async Task A_failing_psql_apply_leaves_nothing_behind()
    {
        var db = _database.DataSource;

        // A table where t's sequence belongs makes the script fail after other tables were created.
        await db.ExecuteAsync("CREATE TABLE public.t_id_seq (unrelated int)");
        var result = await PostgresClient.PsqlFileAsync(_database.ConnectionString, Path.Combine(SqlFolder, "pgx.schema.sql"));

        Assert.Equal(3, result.ExitCode); // psql: a script error under ON_ERROR_STOP
        Assert.Contains("t_id_seq", result.Error);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname IN ('t', 't1', 'entries', 'events', 'sensor_reading')"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname IN ('ledger', 'telemetry')"));
    }

    [Fact]
    public async Task The_artifact_waits_for_the_advisory_lock_ApplyAsync_holds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var db = _database.DataSource;

        // Hold the lock an ApplyAsync in progress holds, in an open transaction.
        await using var holder = await db.OpenConnectionAsync(timeout.Token);
        await using var transaction = await holder.BeginTransactionAsync(timeout.Token);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(" + PgxSchemaApplier.AdvisoryLockKey + ")", holder, transaction))
        {
            await take.ExecuteNonQueryAsync(timeout.Token);
        }

        var application = "pgx-artifact-lock-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var psql = PostgresClient.PsqlFileAsync(_database.ConnectionString, Path.Combine(SqlFolder, "pgx.schema.sql"), applicationName: application, cancellationToken: timeout.Token);

        // psql must come to wait on exactly that advisory lock (and so must not have applied anything yet).
        while (await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid " +
            "WHERE a.application_name = $1 AND l.locktype = 'advisory' AND NOT l.granted " +
            "AND ((l.classid::bigint << 32) | l.objid::bigint) = $2", application, PgxSchemaApplier.AdvisoryLockKey) == 0)
        {
            if (psql.IsCompleted)
            {
                Assert.Fail("psql finished without waiting for the lock: " + await psql);
            }

            await Task.Delay(50, timeout.Token);
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 't'"));
        await transaction.CommitAsync(timeout.Token);

        var result = await psql;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 't'"));
    }

    /// <summary>The bytes between the body markers: what the artifact applies.</summary>
    private static byte[] Body(byte[] artifact)
    {
        var start = IndexOf(artifact, Encoding.UTF8.GetBytes(BodyStart)) + BodyStart.Length;
        var end = IndexOf(artifact, Encoding.UTF8.GetBytes(BodyEnd));
        Assert.True(start >= BodyStart.Length && end >= start, "body markers present and in order");
        return artifact.AsSpan(start, end - start).ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
