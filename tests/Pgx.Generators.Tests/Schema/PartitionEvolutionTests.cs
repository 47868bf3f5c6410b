using System;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Schema;

/// <summary>Partitions across model versions, declarative and trigger-routed, with rows waiting in every table.</summary>
public sealed class PartitionEvolutionTests
{
    private static string Orders(string partitions) => """
        using Pgx;
        namespace Shop;
        [PgTable("orders")]
        [PartitionBy(nameof(Country), PartitionKind.List)]
        """ + "\n" + partitions + "\n" + """
        [DefaultPartition("orders_other")]
        public sealed record Order([property: PgKey] long Id, string Country, decimal Total);
        """;

    private const string Count = "SELECT count(*) FROM orders";
    private const string Checksum = "SELECT md5(string_agg(id || country || total, ',' ORDER BY id)) FROM orders";

    [Fact]
    public async Task A_new_list_partition_takes_its_rows_from_the_default_and_a_removed_one_is_detached_and_kept()
    {
        await using var db = await ModelVersion.DatabaseAsync("list_partitions");
        var v1 = ModelVersion.Compile(Orders("""[ListPartition("orders_nordic", "se", "dk")]"""));
        await v1.ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO orders (country, total) SELECT (ARRAY['se','dk','de','ch','fr'])[1 + i % 5], i FROM generate_series(1, 1000) i");
        var checksum = await db.ScalarAsync<string>(Checksum);
        Assert.Equal(600L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_other"));

        // v2: DACH gets its own partition; 400 of the default's rows belong there.
        var v2 = ModelVersion.Compile(Orders("""
            [ListPartition("orders_nordic", "se", "dk")]
            [ListPartition("orders_dach", "de", "ch")]
            """));
        var plan = await v2.PlanAsync(db);
        var step = Assert.Single(plan.Steps);
        Assert.Equal(PgxHazard.MovesRows | PgxHazard.LongLock, step.Hazards);
        Assert.Contains("DETACH PARTITION \"public\".\"orders_other\"", step.Sql, StringComparison.Ordinal);
        var report = await v2.ApplyAsync(db);

        Assert.Equal(400L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_dach"));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_other"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum));
        Assert.True(Assert.Single(report.Steps).LocksHeld > TimeSpan.Zero);
        Assert.True((await v2.PlanAsync(db)).IsEmpty);

        // v3: Nordic leaves the model, DACH takes Austria instead of Switzerland: the Swiss rows move to the default.
        var v3 = ModelVersion.Compile(Orders("""[ListPartition("orders_dach", "de", "at")]"""));
        plan = await v3.PlanAsync(db);
        Assert.Contains(plan.Steps, s => s.Description.StartsWith("Change the bounds of partition public.orders_dach", StringComparison.Ordinal) && s.Hazards.HasFlag(PgxHazard.MovesRows));
        Assert.Contains(plan.Steps, s => s.Description.StartsWith("Detach partition public.orders_nordic", StringComparison.Ordinal) && !s.Hazards.HasFlag(PgxHazard.DataLoss));
        Assert.DoesNotContain(plan.Steps, s => s.Hazards.HasFlag(PgxHazard.DataLoss));
        await v3.ApplyAsync(db);

        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_dach"));
        Assert.Equal(400L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_other"));
        Assert.Equal(400L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_nordic"));
        Assert.Equal(600L, await db.ScalarAsync<long>(Count));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhrelid = 'orders_nordic'::regclass"));
        Assert.True((await v3.PlanAsync(db)).IsEmpty);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Values_moved_and_swapped_between_existing_partitions_move_their_rows_in_one_step(bool withDefault)
    {
        string Model(string partitions) => """
            using Pgx;
            namespace Shop;
            [PgTable("orders")]
            [PartitionBy(nameof(Country), PartitionKind.List)]
            """ + "\n" + partitions + "\n" + (withDefault ? """[DefaultPartition("orders_other")]""" : "") + "\n" + """
            public sealed record Order([property: PgKey] long Id, string Country, decimal Total);
            """;
        await using var db = await ModelVersion.DatabaseAsync("move_values_" + (withDefault ? "default" : "no_default"));
        await ModelVersion.Compile(Model("""
            [ListPartition("orders_a", "se", "dk")]
            [ListPartition("orders_b", "de", "ch")]
            """)).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO orders (country, total) SELECT (ARRAY['se','dk','de','ch'])[1 + i % 4], i FROM generate_series(1, 800) i");
        var checksum = await db.ScalarAsync<string>(Checksum);

        // v2: 'se' moves from orders_a to orders_b, both existing.
        var v2 = ModelVersion.Compile(Model("""
            [ListPartition("orders_a", "dk")]
            [ListPartition("orders_b", "de", "ch", "se")]
            """));
        var step = Assert.Single((await v2.PlanAsync(db)).Steps);
        Assert.Equal(PgxHazard.MovesRows | PgxHazard.LongLock, step.Hazards);
        await v2.ApplyAsync(db);

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_a WHERE country = 'se'"));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_b WHERE country = 'se'"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);

        // v3: the two partitions swap their values.
        var v3 = ModelVersion.Compile(Model("""
            [ListPartition("orders_a", "de", "ch", "se")]
            [ListPartition("orders_b", "dk")]
            """));
        await v3.ApplyAsync(db);

        Assert.Equal(600L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_a"));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM orders_b WHERE country = 'dk'"));
        Assert.Equal(800L, await db.ScalarAsync<long>(Count));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum));
        Assert.True((await v3.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task A_removed_partition_is_dropped_only_with_AllowDataLoss()
    {
        await using var db = await ModelVersion.DatabaseAsync("drop_partition");
        var v1 = ModelVersion.Compile(Orders("""
            [ListPartition("orders_nordic", "se", "dk")]
            [ListPartition("orders_dach", "de", "ch")]
            """));
        var v2 = ModelVersion.Compile(Orders("""[ListPartition("orders_dach", "de", "ch")]"""));
        await v1.ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO orders (country, total) VALUES ('se', 1), ('de', 2)");

        var plan = await v2.PlanAsync(db, new PgxApplyOptions { AllowDataLoss = true });
        Assert.Contains(plan.Steps, s => s.Description.StartsWith("Drop the detached partition public.orders_nordic", StringComparison.Ordinal) && s.Hazards == PgxHazard.DataLoss);
        await v2.ApplyAsync(db, new PgxApplyOptions { AllowDataLoss = true });

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'orders_nordic'"));
        Assert.Equal(1L, await db.ScalarAsync<long>(Count));
    }

    [Fact]
    public async Task Range_bounds_compare_by_value_whatever_the_session_time_zone()
    {
        const string events = """
            using System;
            using Pgx;
            namespace Telemetry;
            [PgTable("events")]
            [PartitionBy(nameof(At), PartitionKind.Range)]
            [RangePartition("events_2026_10", "2026-10-01", "2026-11-01")]
            [RangePartition("events_2026_11", "2026-11-01", "2026-12-01")]
            [DefaultPartition("events_default")]
            public sealed record Event([property: PgKey] long Id, DateTimeOffset At, double Reading);
            """;
        await using var db = await ModelVersion.DatabaseAsync("range_time_zone");
        var model = ModelVersion.Compile(events);
        await model.ApplyAsync(db);
        await using var newYork = Npgsql.NpgsqlDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Timezone = "America/New_York" }.ConnectionString);

        Assert.Contains("-04", await newYork.ScalarAsync<string>("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'events_2026_10'"), StringComparison.Ordinal);
        Assert.True((await model.PlanAsync(newYork)).IsEmpty);
    }

    [Fact]
    public async Task A_hash_modulus_change_is_a_rebuild_refused_without_AllowDataLoss_and_loses_no_row_with_it()
    {
        static string Readings(int count) => """
            using Pgx;
            namespace Telemetry;
            [PgTable("readings")]
            [PartitionBy(nameof(SensorId), PartitionKind.Hash)]
            [HashPartitions(
            """ + count + """
            )]
            public sealed record Reading([property: PgKey] long Id, int SensorId, double Value);
            """;
        await using var db = await ModelVersion.DatabaseAsync("hash_modulus");
        await ModelVersion.Compile(Readings(4)).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO readings (sensor_id, value) SELECT i % 97, i FROM generate_series(1, 2000) i");
        var checksum = await db.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || sensor_id || ':' || value, ',' ORDER BY id)) FROM readings");
        var v2 = ModelVersion.Compile(Readings(8));

        var refused = await Assert.ThrowsAsync<PgxUnsafeChangeException>(() => v2.ApplyAsync(db));
        Assert.Contains("with modulus 8 (was 4)", Assert.Single(refused.Steps).Description, StringComparison.Ordinal);
        await v2.ApplyAsync(db, new PgxApplyOptions { AllowDataLoss = true });

        Assert.Equal(8L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'readings'::regclass"));
        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || sensor_id || ':' || value, ',' ORDER BY id)) FROM readings"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task A_change_of_partitioning_scheme_is_refused_clearly_and_changes_nothing()
    {
        const string plain = """
            using Pgx;
            namespace Shop;
            [PgTable("orders")]
            public sealed record Order([property: PgKey] long Id, string Country, decimal Total);
            """;
        await using var db = await ModelVersion.DatabaseAsync("partitioning_scheme");
        await ModelVersion.Compile(plain).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO orders (country, total) VALUES ('se', 1)");
        var partitioned = ModelVersion.Compile(Orders("""[ListPartition("orders_nordic", "se", "dk")]"""));

        var drift = Assert.Single(await partitioned.CheckDriftAsync(db));
        Assert.Equal("public.orders: declared LIST-partitioned on country but the table is not partitioned", drift.ToString());
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => partitioned.ApplyAsync(db));

        Assert.Equal(
            "public.orders is not partitioned but the model wants it LIST-partitioned on country: Pgx does not change how an existing table is partitioned; create the new table under another name, copy the rows (INSERT … SELECT), then swap the names in one transaction",
            error.MessageText);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'orders_nordic'"));
        Assert.Equal(1L, await db.ScalarAsync<long>(Count));
    }

    [Fact]
    public async Task A_trigger_routed_table_the_model_wants_declarative_is_converted_in_place_its_default_child_attached_as_the_default()
    {
        static string Model(string routing) => """
            using Pgx;
            namespace Shop;
            [PgTable("orders")]
            [PartitionBy(nameof(Country), PartitionKind.List
            """ + routing + """
            )]
            [ListPartition("orders_nordic", "se", "dk")]
            [DefaultPartition("orders_other")]
            public sealed record Order([property: PgKey] long Id, string Country, decimal Total);
            """;
        await using var db = await ModelVersion.DatabaseAsync("trigger_to_declarative");
        await ModelVersion.Compile(Model(", Routing = PartitionRouting.Trigger")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO orders (country, total) VALUES ('se', 1), ('de', 2)");
        var checksum = await db.ScalarAsync<string>(Checksum);
        var declarative = ModelVersion.Compile(Model(""));

        await declarative.ApplyAsync(db);

        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY orders_nordic"));
        Assert.Equal(new[] { "orders_nordic FOR VALUES IN ('se', 'dk')", "orders_other DEFAULT" },
            await db.ColumnAsync("SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'orders'::regclass ORDER BY 1"));
        Assert.Empty(await db.ColumnAsync("SELECT conname::text FROM pg_constraint WHERE conrelid IN ('orders_nordic'::regclass, 'orders_other'::regclass) AND contype = 'c'"));
        Assert.True((await declarative.PlanAsync(db)).IsEmpty);
        Assert.Equal("p", await db.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE relname = 'orders'"));
    }
}
