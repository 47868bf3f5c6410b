using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Schema;

/// <summary>
/// What a plan of an up-to-date database costs in round trips: every start-up pays it, and a model of many partitioned
/// tables used to pay three per table (their bounds are compared in the server's spelling, on temporary copies).
/// </summary>
public sealed class PlanRoundTripTests
{
    /// <summary>Trigger-routed LIST and declarative RANGE tables, <paramref name="pairs"/> of each.</summary>
    private static string Model(int pairs)
    {
        var text = new StringBuilder("using System; using Pgx;\nnamespace Fleet;\n");
        for (var i = 0; i < pairs; i++)
        {
            text.Append($"""
                [PgTable("routed_{i}")] [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
                [ListPartition("routed_{i}_a", 1, 2)] [ListPartition("routed_{i}_b", 3)] [DefaultPartition("routed_{i}_rest")]
                public sealed record Routed{i}([property: PgKey] long Id, int P, string? Value);
                [PgTable("ranged_{i}")] [PartitionBy(nameof(At), PartitionKind.Range)]
                [RangePartition("ranged_{i}_2026_10", "2026-10-01", "2026-11-01")] [RangePartition("ranged_{i}_2026_11", "2026-11-01", "2026-12-01")]
                public sealed record Ranged{i}([property: PgKey] long Id, DateTimeOffset At);

                """);
        }

        return text.ToString();
    }

    [Fact]
    public async Task The_plan_of_an_up_to_date_database_makes_as_many_round_trips_for_ten_partitioned_tables_as_for_two()
    {
        var two = await RoundTripsOfAnUpToDatePlanAsync(1);
        var ten = await RoundTripsOfAnUpToDatePlanAsync(5);

        Assert.True(two > 0, "the counting data source saw no command");
        Assert.Equal(two, ten);
    }

    [Fact]
    public async Task A_table_whose_copy_the_server_refuses_leaves_the_tables_probed_after_it_compared_in_the_server_spelling()
    {
        static string Tables(string changedKey, string changedValue) => $$"""
            using System; using Pgx;
            namespace Fleet;
            [PgTable("a_routed")] [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("a_routed_1", 1, 2)] [ListPartition("a_routed_2", 3)]
            public sealed record ARouted([property: PgKey] long Id, int P);
            [PgTable("b_changed")] [PartitionBy(nameof(K), PartitionKind.List)]
            [ListPartition("b_changed_1", {{changedValue}})]
            public sealed record BChanged([property: PgKey] long Id, {{changedKey}} K);
            [PgTable("c_routed")] [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("c_routed_1", 1, 2)] [ListPartition("c_routed_2", 3)]
            public sealed record CRouted([property: PgKey] long Id, int P);
            """;
        await using var db = await ModelVersion.DatabaseAsync("plan_probe_refused");
        await ModelVersion.Compile(Tables("int", "1")).ApplyAsync(db);

        // v2 keys b_changed by text: its copy (the table's integer column) cannot take the bound 'x'.
        var plan = await ModelVersion.Compile(Tables("string", "\"x\"")).PlanAsync(db);

        Assert.Contains(plan.Steps, s => s.Description.Contains("b_changed", System.StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Steps, s => s.Description.Contains("a_routed", System.StringComparison.Ordinal) || s.Description.Contains("c_routed", System.StringComparison.Ordinal));
    }

    private static async Task<int> RoundTripsOfAnUpToDatePlanAsync(int pairs)
    {
        var model = ModelVersion.Compile(Model(pairs));
        await using var db = await ModelVersion.DatabaseAsync("plan_round_trips_" + pairs);
        await model.ApplyAsync(db);

        // Npgsql asks these filters once per command or batch sent, while anything listens to its activity source.
        var roundTrips = 0;
        var builder = new NpgsqlDataSourceBuilder(db.ConnectionString);
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => { Interlocked.Increment(ref roundTrips); return false; })
            .ConfigureBatchFilter(_ => { Interlocked.Increment(ref roundTrips); return false; }));
        await using var counted = builder.Build();
        using var listener = new ActivityListener { ShouldListenTo = source => source.Name == "Npgsql", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None };
        ActivitySource.AddActivityListener(listener);

        var plan = await model.PlanAsync(counted);

        // Empty only when every table's bounds and CHECKs were read in the server's spelling: the model's own text differs.
        Assert.True(plan.IsEmpty, string.Join("\n", plan.Steps.Select(s => s.Description)));
        return roundTrips;
    }
}
