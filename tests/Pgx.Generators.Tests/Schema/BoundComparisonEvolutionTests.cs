using System;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Schema;

/// <summary>
/// Declarative bounds compared by meaning, the way every start-up's plan compares them: without DDL when the
/// database is up to date, and still finding a bound changed by hand however the catalog spells it.
/// </summary>
public sealed class BoundComparisonEvolutionTests
{
    private const string Models = """
        using System;
        using Pgx;
        namespace Shop;
        [PgTable("sensors")]
        [PartitionBy(nameof(Zone), PartitionKind.List)]
        [ListPartition("sensors_cold", -1, -2)]
        [ListPartition("sensors_warm", 1, 2)]
        [DefaultPartition("sensors_other")]
        public sealed record Sensor([property: PgKey] long Id, int Zone);

        [PgTable("accounts")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("accounts_eu", 1L, 2L)]
        [ListPartition("accounts_us", 3L)]
        public sealed record Account([property: PgKey] long Id, long Region);

        [PgTable("orders")]
        [PartitionBy(nameof(Country), PartitionKind.List)]
        [ListPartition("orders_nordic", "se", "dk")]
        [ListPartition("orders_odd", "it's")]
        [DefaultPartition("orders_other")]
        public sealed record Order([property: PgKey] long Id, string Country);

        [PgTable("days")]
        [PartitionBy(nameof(On), PartitionKind.Range)]
        [RangePartition("days_2026", "2026-01-01", "2027-01-01")]
        public sealed record Day([property: PgKey] long Id, DateOnly On);

        [PgTable("prices")]
        [PartitionBy(nameof(Amount), PartitionKind.Range)]
        [RangePartition("prices_low", "0", "9.99")]
        [RangePartition("prices_high", "9.99", "1000")]
        public sealed record Price([property: PgKey] long Id, decimal Amount);

        [PgTable("events")]
        [PartitionBy(nameof(At), PartitionKind.Range)]
        [RangePartition("events_2026_10", "2026-10-01", "2026-11-01")]
        [RangePartition("events_2026_11", "2026-11-01", "2026-12-01")]
        [DefaultPartition("events_default")]
        public sealed record Event([property: PgKey] long Id, DateTimeOffset At);
        """;

    private static NpgsqlDataSource InNewYork(NpgsqlDataSource db) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Timezone = "America/New_York" }.ConnectionString);

    [Fact]
    public async Task An_up_to_date_plan_compares_declarative_bounds_without_running_DDL_in_any_time_zone()
    {
        await using var db = await ModelVersion.DatabaseAsync("bounds_without_ddl");
        var model = ModelVersion.Compile(Models);
        await model.ApplyAsync(db);

        // From here on every CREATE or ALTER fails, temporary or not: a plan that needs one to compare a bound
        // would fall back to comparing spellings and report the New York spelling of the timestamptz bounds as drift.
        await db.ExecuteAsync("""
            CREATE FUNCTION refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'DDL while planning: %', tg_tag; END $$;
            CREATE EVENT TRIGGER refuse_ddl ON ddl_command_start EXECUTE FUNCTION refuse_ddl();
            """);
        await using var newYork = InNewYork(db);

        Assert.Empty((await model.PlanAsync(db)).Steps);
        Assert.Empty((await model.PlanAsync(newYork)).Steps);
        Assert.Empty(await model.CheckDriftAsync(newYork));
    }

    [Fact]
    public async Task A_bound_changed_by_hand_is_found_however_the_catalog_spells_it()
    {
        await using var db = await ModelVersion.DatabaseAsync("bounds_changed");
        var model = ModelVersion.Compile(Models);
        await model.ApplyAsync(db);
        await db.ExecuteAsync("""
            ALTER TABLE events DETACH PARTITION events_2026_11;
            ALTER TABLE events ATTACH PARTITION events_2026_11 FOR VALUES FROM ('2026-11-01 01:00:00+00') TO ('2026-12-01 00:00:00+00');
            ALTER TABLE accounts DETACH PARTITION accounts_us;
            ALTER TABLE accounts ATTACH PARTITION accounts_us FOR VALUES IN (4);
            """);
        await using var newYork = InNewYork(db);

        var plan = await model.PlanAsync(newYork);

        Assert.Collection(
            plan.Steps,
            s => Assert.StartsWith("Change the bounds of partition public.accounts_us", s.Description, StringComparison.Ordinal),
            s => Assert.StartsWith("Change the bounds of partition public.events_2026_11", s.Description, StringComparison.Ordinal));
        await model.ApplyAsync(db);
        Assert.Empty((await model.PlanAsync(newYork)).Steps);
    }
}
