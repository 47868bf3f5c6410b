using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Schema;

/// <summary>Trigger-routed tables across model versions: new children, the routing function, CHECKs with rows that move.</summary>
public sealed class TriggerRoutingEvolutionTests
{
    private static string Table(string partitions) => """
        using Pgx;
        namespace Shop;
        [PgTable("t")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        """ + "\n" + partitions + "\n" + """
        [DefaultPartition("t_other")]
        [PgIndex(nameof(Value))]
        public sealed record T([property: PgKey] long Id, int P, string? Value);
        """;

    private const string Checksum = "SELECT md5(string_agg(id || ':' || p || ':' || value, ',' ORDER BY id)) FROM t";

    [Fact]
    public async Task A_new_child_gets_its_check_key_and_indexes_the_routing_function_is_replaced_and_waiting_rows_move_in()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_children");
        var v1 = ModelVersion.Compile(Table("""
            [ListPartition("t1", 1)]
            [ListPartition("t2", 2)]
            """));
        await v1.ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO t (p, value) SELECT 1 + i % 4, 'v' || i FROM generate_series(1, 800) i");
        Assert.Equal(400L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t_other"));
        var checksum = await db.ScalarAsync<string>(Checksum);

        // v2: p = 3 gets a child; 200 rows wait for it in the default child.
        var v2 = ModelVersion.Compile(Table("""
            [ListPartition("t1", 1)]
            [ListPartition("t2", 2)]
            [ListPartition("t3", 3)]
            """));
        var plan = await v2.PlanAsync(db);
        Assert.Collection(
            plan.Steps,
            s => Assert.StartsWith("Create child table public.t3 CHECK (p = 3)", s.Description, StringComparison.Ordinal),
            s => Assert.StartsWith("Replace the routing function public.t_insert_trigger", s.Description, StringComparison.Ordinal),
            s => Assert.StartsWith("Change the CHECK of child table public.t_other", s.Description, StringComparison.Ordinal));
        Assert.True(plan.Steps[2].Hazards.HasFlag(PgxHazard.MovesRows));
        await v2.ApplyAsync(db);

        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t3"));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t_other"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum));
        Assert.Equal("CHECK ((p = 3))", await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 't3'::regclass AND contype = 'c'"));
        Assert.Equal(new[] { "t3_pkey", "t3_value_idx" }, await db.ColumnAsync("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 't3'::regclass ORDER BY 1"));
        await db.ExecuteAsync("INSERT INTO t (p, value) VALUES (3, 'routed')");
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t3 WHERE value = 'routed'"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);

        // v3: t2 also takes p = 4, which the default held.
        var v3 = ModelVersion.Compile(Table("""
            [ListPartition("t1", 1)]
            [ListPartition("t2", 2, 4)]
            [ListPartition("t3", 3)]
            """));
        await v3.ApplyAsync(db);
        Assert.Equal(400L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t2"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t_other"));
        Assert.Equal(801L, await db.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.True((await v3.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task Children_that_swap_values_move_their_rows_whatever_the_order()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_swap");
        await ModelVersion.Compile(Table("""
            [ListPartition("t1", 1, 2)]
            [ListPartition("t2", 3, 4)]
            """)).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO t (p, value) SELECT 1 + i % 5, 'v' || i FROM generate_series(1, 1000) i");
        var checksum = await db.ScalarAsync<string>(Checksum);

        // t1 gives 2 to t2 and takes 3 from it.
        var v2 = ModelVersion.Compile(Table("""
            [ListPartition("t1", 1, 3)]
            [ListPartition("t2", 2, 4)]
            """));
        var plan = await v2.PlanAsync(db);
        Assert.Contains(plan.Steps, s => s.Hazards.HasFlag(PgxHazard.MovesRows) && s.Description.Contains("public.t1", StringComparison.Ordinal) && s.Description.Contains("public.t2", StringComparison.Ordinal));
        await v2.ApplyAsync(db);

        Assert.Equal(new[] { "1", "3" }, await db.ColumnAsync("SELECT DISTINCT p::text FROM ONLY t1 ORDER BY 1"));
        Assert.Equal(new[] { "2", "4" }, await db.ColumnAsync("SELECT DISTINCT p::text FROM ONLY t2 ORDER BY 1"));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t_other"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task Drift_reports_a_hand_edited_routing_function_a_missing_child_index_and_an_extra_child()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_drift");
        var model = ModelVersion.Compile(Table("""[ListPartition("t1", 1)]"""));
        await model.ApplyAsync(db);
        await db.ExecuteAsync("""
            CREATE OR REPLACE FUNCTION t_insert_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t_other VALUES (NEW.*); RETURN NULL; END $$;
            DROP INDEX t1_value_idx;
            CREATE TABLE t9 () INHERITS (t);
            """);

        var drift = (await model.CheckDriftAsync(db)).Select(d => d.ToString()).ToList();

        Assert.Contains("public.t: routing function t_insert_trigger routes by another partition map", drift);
        Assert.Contains("public.t1: index t1_value_idx (value) is missing", drift);
        Assert.Contains("public.t: partition public.t9 is not in the model", drift);
        await model.ApplyAsync(db);
        Assert.Empty(await model.CheckDriftAsync(db));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 't9'"));
    }

    [Fact]
    public async Task In_the_callers_transaction_a_plan_with_a_concurrent_index_build_is_refused_naming_the_step()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_in_transaction");
        var model = ModelVersion.Compile(Table("""[ListPartition("t1", 1)]"""));
        await model.ApplyAsync(db);
        await db.ExecuteAsync("DROP INDEX t_value_idx");

        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => model.ApplyAsync(connection, transaction));

        Assert.Contains("Create index public.t_value_idx on public.t (value) concurrently", error.Message, StringComparison.Ordinal);
    }
}
