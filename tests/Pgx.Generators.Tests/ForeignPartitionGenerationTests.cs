using System.Linq;
using Pgx.Generators.Tests.Harness;
using Pgx.Schema;

namespace Pgx.Generators.Tests;

/// <summary>
/// Partitions on other servers: the coordinator's DDL (parent without a key, local partitions with their own), the
/// foreign partitions in the foreign refresh, and each shard's tables in the model.
/// </summary>
public sealed class ForeignPartitionGenerationTests
{
    private const string Source = """
        using System;
        using Pgx;

        [assembly: ForeignServer("shard_a", Host = "10.0.0.5", DbName = "shard")]
        [assembly: ForeignServer("shard_b", Host = "10.0.0.6", DbName = "shard")]

        namespace Shop;

        [PgTable("orders", Schema = "sales")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("orders_eu", "EU", Server = "shard_a")]
        [ListPartition("orders_local", "LOCAL")]
        [DefaultPartition("orders_other")]
        [PgIndex(nameof(CustomerId))]
        public sealed record Order([property: PgKey] long Id, string Region, int CustomerId, [property: PgColumn(Type = "numeric(12,2)")] decimal Amount, string? Note);

        [PgTable("events")]
        [PartitionBy(nameof(UserId), PartitionKind.Hash)]
        [HashPartitions(3, Servers = new[] { "shard_a", "shard_b" })]
        public sealed record Event([property: PgKey] long Id, int UserId, DateTimeOffset At);
        """;

    // A hash key whose hash the client cannot compute (numeric: it depends on the stored digits).
    private const string Payments = """

        [PgTable("payments")]
        [PartitionBy(nameof(Amount), PartitionKind.Hash)]
        [HashPartitions(2, Servers = new[] { "shard_a", "shard_b" })]
        public sealed record Payment([property: PgKey] long Id, decimal Amount);
        """;

    [Fact]
    public void The_coordinators_sql_the_foreign_partitions_and_the_shard_tables_match_their_snapshot()
    {
        var run = GeneratorRun.Of(Source);

        Assert.Empty(run.CompilationDiagnostics);
        var foreign = run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql");
        var partitions = foreign.Substring(foreign.IndexOf("\n-- Partitions on other servers", System.StringComparison.Ordinal));
        var model = SchemaJson.Read(run.ConstantOf("Pgx.Generated.PgxSchema", "Model"));
        var shards = string.Concat(model.Shards.Select(s => "\n-- on " + s.Server + "\n" + string.Concat(s.Tables.Select(t => t.CreateSql))));
        Snapshot.Match("ForeignPartitions.sql", run.SchemaSql + partitions + shards);
    }

    [Fact]
    public void List_and_hash_tables_with_partitions_on_other_servers_get_the_direct_to_shard_constructor_unless_the_key_does_not_hash_in_csharp()
    {
        var run = GeneratorRun.Of(Source + Payments);

        Assert.Empty(run.CompilationDiagnostics);
        var shards = run.Output.GetTypeByMetadataName("Pgx.PgxShardConnections");
        Assert.NotNull(shards);
        bool TakesShards(string repository) => run.Output.GetTypeByMetadataName(repository)!.Constructors
            .Any(c => c.Parameters.Any(p => Microsoft.CodeAnalysis.SymbolEqualityComparer.Default.Equals(p.Type, shards)));
        Assert.True(TakesShards("Shop.OrderRepository"));
        Assert.True(TakesShards("Shop.EventRepository")); // PostgreSQL's hash of an integer, computed in C#
        Assert.False(TakesShards("Shop.PaymentRepository")); // numeric's hash depends on its stored digits: through the coordinator
        var orders = run.Sources.Single(s => s.Key.EndsWith("Shop.Order.Pgx.g.cs", System.StringComparison.Ordinal)).Value;
        Assert.Contains("private static readonly string?[] ShardOf = { \"shard_a\", null, null };", orders);
        Assert.Contains("\"INSERT INTO sales.orders_eu (id, region, customer_id, amount, note) VALUES ($1, $2, $3, $4, $5)\",", orders);
        var events = run.Sources.Single(s => s.Key.EndsWith("Shop.Event.Pgx.g.cs", System.StringComparison.Ordinal)).Value;
        Snapshot.Match("Repository.ShardedEvents.cs", events);
    }

    [Fact]
    public void Updates_deletes_and_batches_of_a_range_table_on_other_servers_go_direct_and_compile_whatever_the_keys_are_called()
    {
        // Key properties named like the direct branches' locals (server, shards, reader) must not collide with them.
        var run = GeneratorRun.Of("""
            using System;
            using Pgx;

            [assembly: ForeignServer("shard_a", Host = "10.0.0.5", DbName = "shard")]

            namespace Shop;

            [PgTable("visits")]
            [PartitionBy(nameof(Server), PartitionKind.Range)]
            [RangePartition("visits_old", "2026-01-01", "2026-06-01", Server = "shard_a")]
            [RangePartition("visits_new", "2026-06-01", "2027-01-01")]
            public sealed record Visit([property: PgKey] long Shards, DateTimeOffset Server, string Reader);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        var visits = run.Sources.Single(s => s.Key.EndsWith("Shop.Visit.Pgx.g.cs", System.StringComparison.Ordinal)).Value;
        Assert.Contains("shards.UseDeclaredServers(global::Pgx.Generated.PgxSchema.ForeignDefinition);", visits);
        Assert.Equal(3, CountOf(visits, "if (_shards is { ThroughCoordinator: false } shards && ShardOf[partition] is { } server)")); // FindAsync, UpdateAsync, DeleteAsync
        Assert.Equal(2, CountOf(visits, "await shards.PlanBatchAsync(_db, TableName, ShardOf, ShardPartitionNames, shardRows,")); // InsertManyAsync, DeleteManyAsync
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", System.StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public void The_model_leaves_the_foreign_partitions_and_the_parents_key_to_the_foreign_refresh_and_the_shards()
    {
        var json = GeneratorRun.Of(Source).ConstantOf("Pgx.Generated.PgxSchema", "Model");
        var model = SchemaJson.Read(json);
        Assert.Equal(json, SchemaJson.Write(model)); // the shards round-trip

        var orders = model.Tables.Single(t => t.Name == "orders");
        Assert.Empty(orders.PrimaryKey);
        Assert.Equal(new[] { "orders_local", "orders_other" }, orders.Partitioning!.Partitions.Select(p => p.Name));
        var events = model.Tables.Single(t => t.Name == "events");
        Assert.Empty(events.Partitioning!.Partitions);
        Assert.Equal(new[] { "shard_a", "shard_b" }, model.Shards.Select(s => s.Server));
        Assert.Equal(new[] { "events_p0", "events_p2", "orders_eu" }, model.Shards[0].Tables.Select(t => t.Name));
        Assert.Equal(new[] { "sales" }, model.Shards[0].Schemas);
        Assert.Equal(new[] { "events_p1" }, model.Shards[1].Tables.Select(t => t.Name));
        var eu = model.Shards[0].Tables.Single(t => t.Name == "orders_eu");
        Assert.Equal(orders.Columns.Select(c => (c.Name, c.Type, c.NotNull)), eu.Columns.Select(c => (c.Name, c.Type, c.NotNull)));
        Assert.Equal(new[] { "id", "region" }, eu.PrimaryKey);
        Assert.All(eu.Columns, c => Assert.Null(c.Default));
    }
}
