using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// Repositories of rolling partition sets: a trigger-routed set's rows go straight into the child the rule names (no
/// catalog lookup), a missing child is a PgxPartitionException naming it and the maintenance call, and a declarative
/// set's rows go through the parent, whose refusal (no partition, no default) is the same exception.
/// </summary>
public sealed class RollingRepositoryTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    private NpgsqlDataSource Db => _database.DataSource;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await Db.ExecuteAsync(PgxSchema.Sql);
        await PgxSchema.MaintainAsync(Db, new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_trigger_routed_rolling_row_goes_straight_into_its_child_and_comes_back_with_its_key()
    {
        var repository = new LegacyMetricRepository(Db);

        var row = await repository.InsertAsync(new LegacyMetric(0, new DateTimeOffset(2026, 4, 30, 23, 59, 0, TimeSpan.Zero), 1.5));
        var many = await repository.InsertManyAsync(new[]
        {
            new LegacyMetric(0, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 1),
            new LegacyMetric(0, new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero), 2),
            new LegacyMetric(0, new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero), 3),
        });

        Assert.True(row.Id > 0);
        Assert.Equal(row.Id, await Db.ScalarAsync<long>("SELECT id FROM ONLY rolling.legacy_metrics_p202604"));
        Assert.Equal(many[0].Id, await Db.ScalarAsync<long>("SELECT id FROM ONLY rolling.legacy_metrics_p202601"));
        Assert.Equal(many[1].Id, await Db.ScalarAsync<long>("SELECT id FROM ONLY rolling.legacy_metrics_p202605"));
        Assert.Equal(many[2].Id, await Db.ScalarAsync<long>("SELECT id FROM ONLY rolling.legacy_metrics_default")); // before Start
        Assert.Equal(row, await repository.FindAsync(row.Id, row.At));
    }

    [Fact]
    public async Task Update_move_upsert_and_delete_of_a_trigger_routed_rolling_row_reach_the_child_the_rule_names()
    {
        var repository = new LegacyMetricRepository(Db);
        var april = new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero);
        var may = new DateTimeOffset(2026, 5, 10, 0, 0, 0, TimeSpan.Zero);
        var row = await repository.InsertAsync(new LegacyMetric(0, april, 1));

        var updated = await repository.UpdateAsync(row with { Value = 2 });
        var moved = await repository.MoveAsync(row with { At = may, Value = 3 }, april);
        var upserted = await repository.UpsertAsync(row with { At = may, Value = 4 });

        Assert.Equal(2, updated!.Value);
        Assert.Equal(row.Id, moved!.Id);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_p202604"));
        Assert.Equal(4.0, await Db.ScalarAsync<double>("SELECT value FROM ONLY rolling.legacy_metrics_p202605 WHERE id = " + row.Id));
        Assert.Equal(4, upserted.Value);
        Assert.True(await repository.DeleteAsync(row.Id, may));
        Assert.False(await repository.DeleteAsync(row.Id, may));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
    }

    [Fact]
    public async Task UpsertManyAsync_of_a_trigger_routed_rolling_set_updates_and_inserts_in_the_children_the_rule_names()
    {
        var repository = new LegacyMetricRepository(Db);
        var march = new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
        var stored = await repository.InsertManyAsync(new[]
        {
            new LegacyMetric(0, march, 1),
            new LegacyMetric(0, new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero), 2),
        });

        var written = await repository.UpsertManyAsync(new[]
        {
            stored[0] with { Value = 10 },
            stored[1] with { Value = 20 },
            new LegacyMetric(0, new DateTimeOffset(2026, 5, 31, 23, 0, 0, TimeSpan.Zero), 30),
            new LegacyMetric(0, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), 40), // before Start: the default child
        });

        Assert.Equal(4L, written);
        Assert.Equal(10.0, await Db.ScalarAsync<double>("SELECT value FROM ONLY rolling.legacy_metrics_p202603 WHERE id = " + stored[0].Id));
        Assert.Equal(20.0, await Db.ScalarAsync<double>("SELECT value FROM ONLY rolling.legacy_metrics_p202604 WHERE id = " + stored[1].Id));
        Assert.Equal(30.0, await Db.ScalarAsync<double>("SELECT value FROM ONLY rolling.legacy_metrics_p202605"));
        Assert.Equal(40.0, await Db.ScalarAsync<double>("SELECT value FROM ONLY rolling.legacy_metrics_default"));
        Assert.Equal(4L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics"));

        // A child maintenance has not made: the whole batch fails naming it, and nothing of it is stored.
        var missing = await Assert.ThrowsAsync<PgxPartitionException>(() => repository.UpsertManyAsync(new[]
        {
            stored[0] with { Value = 11 },
            new LegacyMetric(0, new DateTimeOffset(2027, 8, 1, 0, 0, 0, TimeSpan.Zero), 50),
        }));

        Assert.Equal("rolling.legacy_metrics_p202708", missing.Partition);
        Assert.Equal(10.0, await Db.ScalarAsync<double>("SELECT value FROM ONLY rolling.legacy_metrics_p202603 WHERE id = " + stored[0].Id));
        Assert.Equal(4L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
    }

    [Fact]
    public async Task A_row_whose_rolling_child_is_missing_names_it_and_the_maintenance_call_and_stores_nothing()
    {
        var repository = new LegacyMetricRepository(Db);

        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => repository.InsertAsync(new LegacyMetric(0, new DateTimeOffset(2027, 5, 3, 0, 0, 0, TimeSpan.Zero), 1)));
        var batch = await Assert.ThrowsAsync<PgxPartitionException>(() => repository.InsertManyAsync(new[]
        {
            new LegacyMetric(0, new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero), 1),
            new LegacyMetric(0, new DateTimeOffset(2027, 6, 3, 0, 0, 0, TimeSpan.Zero), 2),
        }));

        Assert.Equal("rolling.legacy_metrics_p202705", error.Partition);
        Assert.Equal("rolling.legacy_metrics", error.Table);
        Assert.Contains("MaintainAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal("rolling.legacy_metrics_p202706", batch.Partition);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
        Assert.Null(await repository.FindAsync(1, new DateTimeOffset(2027, 5, 3, 0, 0, 0, TimeSpan.Zero)));

        await PgxSchema.MaintainAsync(Db, new DateTimeOffset(2027, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var stored = await repository.InsertAsync(new LegacyMetric(0, new DateTimeOffset(2027, 5, 3, 0, 0, 0, TimeSpan.Zero), 1));
        Assert.Equal(stored.Id, await Db.ScalarAsync<long>("SELECT id FROM ONLY rolling.legacy_metrics_p202705"));
    }

    [Fact]
    public async Task A_COPY_sized_share_for_a_missing_rolling_child_is_a_PgxPartitionException_and_stores_nothing()
    {
        var repository = new LegacyMetricRepository(Db);
        var rows = Enumerable.Range(0, PgxRepositoryConnection.MinRowsForCopy)
            .SelectMany(i => new[]
            {
                new LegacyMetric(0, new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero).AddSeconds(i), i),
                new LegacyMetric(0, new DateTimeOffset(2027, 6, 3, 0, 0, 0, TimeSpan.Zero).AddSeconds(i), i),
            })
            .ToArray();

        // Each child's share is large enough for a binary COPY; the June 2027 child does not exist.
        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => repository.InsertManyAsync(rows));

        Assert.Equal("rolling.legacy_metrics_p202706", error.Partition);
        Assert.Equal("rolling.legacy_metrics", error.Table);
        Assert.Contains("MaintainAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal("42P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
    }

    [Fact]
    public async Task An_import_into_a_missing_rolling_child_is_a_PgxPartitionException_and_stores_nothing()
    {
        var repository = new LegacyMetricRepository(Db);
        var rows = new[]
        {
            new LegacyMetric(0, new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero), 1),
            new LegacyMetric(0, new DateTimeOffset(2027, 6, 3, 0, 0, 0, TimeSpan.Zero), 2),
        };

        // ImportAsync copies each child's rows with a binary COPY; the June 2027 child does not exist.
        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => repository.ImportAsync(rows));

        Assert.Equal("rolling.legacy_metrics_p202706", error.Partition);
        Assert.Equal("rolling.legacy_metrics", error.Table);
        Assert.Contains("MaintainAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
    }

    [Fact]
    public async Task A_declarative_rolling_row_goes_through_the_parent_and_a_refusal_is_a_PgxPartitionException()
    {
        var metrics = new MetricRepository(Db);
        var samples = new SampleRepository(Db);

        var metric = await metrics.InsertAsync(new Metric(0, new DateTimeOffset(2026, 2, 14, 0, 0, 0, TimeSpan.Zero), 3));
        var waiting = await metrics.InsertAsync(new Metric(0, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), 4));
        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => samples.InsertAsync(new Sample(0, new DateOnly(2026, 3, 20), 1)));

        Assert.Equal(metric.Id, await Db.ScalarAsync<long>("SELECT id FROM rolling.metrics_p202602"));
        Assert.Equal(waiting.Id, await Db.ScalarAsync<long>("SELECT id FROM rolling.metrics_default"));
        Assert.Equal(metric, await metrics.FindAsync(metric.Id, metric.At));
        Assert.Equal("rolling.samples", error.Table);
        Assert.Equal("23514", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }
}
