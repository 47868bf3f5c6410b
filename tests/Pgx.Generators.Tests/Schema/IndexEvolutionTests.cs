using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;
using Xunit.Abstractions;

namespace Pgx.Generators.Tests.Schema;

/// <summary>Indexes by definition, built without blocking writers; locks taken under a timeout.</summary>
public sealed class IndexEvolutionTests(ITestOutputHelper output)
{
    private static string Events(string index, string partitions = "") => """
        using System;
        using Pgx;
        namespace Telemetry;
        [PgTable("events")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("events_eu", "eu")]
        [ListPartition("events_us", "us")]
        """ + "\n" + partitions + "\n" + """
        [DefaultPartition("events_other")]
        """ + "\n" + index + "\n" + """
        public sealed record Event([property: PgKey] long Id, string Region, Guid DeviceId, double Reading);
        """;

    private const string AttachedIndexes = """
        SELECT c.relname || ' ' || x.indisvalid FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.inhparent = 'events_device_id_idx'::regclass ORDER BY 1
        """;

    [Fact]
    public async Task A_declarative_index_is_built_on_only_the_parent_then_concurrently_per_partition_and_attached()
    {
        await using var db = await ModelVersion.DatabaseAsync("declarative_index");
        await ModelVersion.Compile(Events("")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO events (region, device_id, reading) SELECT (ARRAY['eu','us','ap'])[1 + i % 3], gen_random_uuid(), i FROM generate_series(1, 3000) i");
        var v2 = ModelVersion.Compile(Events("[PgIndex(nameof(DeviceId))]"));

        var plan = await v2.PlanAsync(db);

        Assert.Contains("ON ONLY \"public\".\"events\"", plan.Steps[0].Sql, StringComparison.Ordinal);
        Assert.Equal(3, plan.Steps.Count(s => !s.RunsInTransaction && s.Sql.Contains("CREATE INDEX CONCURRENTLY", StringComparison.Ordinal) && s.Hazards == PgxHazard.IndexBuild));
        Assert.Equal(3, plan.Steps.Count(s => s.Sql.Contains("ATTACH PARTITION", StringComparison.Ordinal)));
        Assert.Contains("-- cannot run inside a transaction block", plan.ToSql(), StringComparison.Ordinal);
        await v2.ApplyAsync(db);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_device_id_idx'::regclass"));
        Assert.Equal(new[] { "events_eu_device_id_idx true", "events_other_device_id_idx true", "events_us_device_id_idx true" }, await db.ColumnAsync(AttachedIndexes));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);

        // An index of the model's name on other columns is drift, and rebuilt.
        await db.ExecuteAsync("DROP INDEX events_device_id_idx; CREATE INDEX events_device_id_idx ON events (reading)");
        var drift = Assert.Single(await v2.CheckDriftAsync(db));
        Assert.Equal(PgxDriftKind.IndexDiffers, drift.Kind);
        Assert.Equal("public.events: index events_device_id_idx (device_id) is declared, but the table has events_device_id_idx (reading)", drift.ToString());
        await v2.ApplyAsync(db);
        Assert.Equal(new[] { "events_eu_device_id_idx true", "events_other_device_id_idx true", "events_us_device_id_idx true" }, await db.ColumnAsync(AttachedIndexes));
        Assert.Empty(await v2.CheckDriftAsync(db));
    }

    [Fact]
    public async Task An_index_left_invalid_by_an_interrupted_concurrent_build_is_detected_and_rebuilt()
    {
        const string items = """
            using Pgx;
            namespace Shop;
            [PgTable("items")]
            [PgIndex(nameof(Name), Unique = true)]
            public sealed record Item([property: PgKey] long Id, string Name);
            """;
        await using var db = await ModelVersion.DatabaseAsync("invalid_index");
        var model = ModelVersion.Compile(items);
        await model.ApplyAsync(db);
        await db.ExecuteAsync("DROP INDEX items_name_key; INSERT INTO items (name) VALUES ('a'), ('a')");
        // A unique build that fails half-way leaves an invalid index behind, as an interrupted one does.
        await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("CREATE UNIQUE INDEX CONCURRENTLY items_name_key ON items (name)"));
        await db.ExecuteAsync("DELETE FROM items WHERE id = (SELECT max(id) FROM items)");
        Assert.False(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_key'::regclass"));

        var step = Assert.Single((await model.PlanAsync(db)).Steps);
        Assert.StartsWith("Rebuild invalid index public.items_name_key", step.Description, StringComparison.Ordinal);
        Assert.Contains("INVALID", Assert.Single(await model.CheckDriftAsync(db)).ToString(), StringComparison.Ordinal);
        await model.ApplyAsync(db);

        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid AND indisunique FROM pg_index WHERE indexrelid = 'items_name_key'::regclass"));
        Assert.True((await model.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task A_step_waiting_for_a_lock_gives_up_after_the_lock_timeout_retries_and_succeeds_once_the_lock_is_gone()
    {
        await using var db = await ModelVersion.DatabaseAsync("lock_timeout");
        await ModelVersion.Compile(Events("")).ApplyAsync(db);
        var v2 = ModelVersion.Compile(Events("", """[ListPartition("events_ap", "ap")]"""));
        var options = new PgxApplyOptions { LockTimeout = TimeSpan.FromMilliseconds(100), LockRetries = 2 };
        var planned = (await v2.PlanAsync(db)).ToSql();

        await using (var holder = await db.OpenConnectionAsync())
        await using (var transaction = await holder.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE events IN ACCESS SHARE MODE", holder, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var error = await Assert.ThrowsAsync<TimeoutException>(() => v2.ApplyAsync(db, options));
            Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
            Assert.Contains("Create partition public.events_ap", error.Message, StringComparison.Ordinal);
            Assert.Contains("schema change of public.events after", error.Message, StringComparison.Ordinal);
            Assert.Contains("at: ALTER TABLE \"public\".\"events\" DETACH PARTITION \"public\".\"events_other\"", error.Message, StringComparison.Ordinal);
            Assert.Equal("55P03", Assert.IsType<PostgresException>(error.InnerException).SqlState);

            // Nothing half-applied: the same plan is still to do.
            Assert.Equal(planned, (await v2.PlanAsync(db)).ToSql());
        }

        var report = await v2.ApplyAsync(db, options);
        Assert.Equal(1, Assert.Single(report.Steps).Attempts);
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task A_writer_inserting_through_the_repository_during_an_apply_that_adds_an_index_and_a_partition_sees_no_error_and_loses_no_row()
    {
        await using var db = await ModelVersion.DatabaseAsync("concurrent_writer");
        var v1 = ModelVersion.Compile(Events(""));
        await v1.ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO events (region, device_id, reading) SELECT (ARRAY['eu','us','ap'])[1 + i % 3], gen_random_uuid(), i FROM generate_series(1, 20000) i");
        var v2 = ModelVersion.Compile(Events("[PgIndex(nameof(DeviceId))]", """[ListPartition("events_ap", "ap")]"""));
        var repository = v1.Repository("Telemetry.Event", db);
        var errors = new ConcurrentQueue<Exception>();
        var written = 0;
        using var stop = new CancellationTokenSource();

        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await ModelVersion.InsertAsync(repository, v1.Row("Telemetry.Event", 0L, written % 2 == 0 ? "eu" : "us", Guid.NewGuid(), (double)written));
                    Interlocked.Increment(ref written);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                    return;
                }
            }
        });
        while (Volatile.Read(ref written) < 20 && errors.IsEmpty)
        {
            await Task.Delay(10);
        }

        var report = await v2.ApplyAsync(db);
        var afterApply = Volatile.Read(ref written);
        while (Volatile.Read(ref written) < afterApply + 20 && errors.IsEmpty)
        {
            await Task.Delay(10);
        }

        stop.Cancel();
        await writer;

        foreach (var result in report.Steps)
        {
            output.WriteLine($"{result.Step.Description}: ran {result.Duration.TotalMilliseconds:F0} ms, locks held {result.LocksHeld.TotalMilliseconds:F0} ms, {result.Attempts} attempt(s)");
        }

        output.WriteLine($"{written} rows written during the test");
        Assert.Empty(errors);
        Assert.Contains(report.Steps, r => r.Step.Description.StartsWith("Create partition public.events_ap", StringComparison.Ordinal));
        Assert.Contains(report.Steps, r => !r.Step.RunsInTransaction);
        Assert.Equal(20000L + written, await db.ScalarAsync<long>("SELECT count(*) FROM events"));
        Assert.Equal(6667L, await db.ScalarAsync<long>("SELECT count(*) FROM events_ap"));
        var left = await v2.PlanAsync(db);
        Assert.True(left.IsEmpty, left.ToString());
    }
}
