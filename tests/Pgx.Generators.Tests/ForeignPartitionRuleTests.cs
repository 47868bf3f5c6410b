using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// Partitions on other servers (<c>Server</c>, <c>Servers</c>): the server must be declared, the routing declarative,
/// and no unique index can sit on the parent.
/// </summary>
public sealed class ForeignPartitionRuleTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n[assembly: ForeignServer(\"shard_a\"), ForeignServer(\"shard_b\")]\n";

    public ForeignPartitionRuleTests()
        : base(ModelRules)
    {
    }

    [Fact]
    public Task Partitions_on_declared_servers_report_nothing() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List), ListPartition("t_eu", "EU", Server = "shard_a"), ListPartition("t_us", "US")]
        [PgIndex(nameof(Name))]
        public sealed record T([property: PgKey] long Id, string Region, string Name);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("r_2026", "2026-01-01", "2027-01-01", Server = "shard_b")]
        public sealed record R([property: PgKey] long Id, DateTimeOffset At);
        [PgTable, PartitionBy(nameof(UserId), PartitionKind.Hash), HashPartitions(4, Servers = new[] { "shard_a", "shard_b" })]
        public sealed record H([property: PgKey] long Id, int UserId);
        """);

    [Fact]
    public Task PGX0013_a_partition_on_an_undeclared_server() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List), ListPartition("t_eu", "EU", {|#0:Server = "shard_x"|})]
        public sealed record T([property: PgKey] long Id, string Region);
        [PgTable, PartitionBy(nameof(UserId), PartitionKind.Hash), HashPartitions(2, {|#1:Servers = new[] { "shard_a", "nope" }|})]
        public sealed record H([property: PgKey] long Id, int UserId);
        """,
        Diagnostic("PGX0013", 0, "shard_x", "[ListPartition(\"t_eu\")] on T"),
        Diagnostic("PGX0013", 1, "nope", "[HashPartitions] on H"));

    [Fact]
    public Task PGX0043_a_unique_index_on_a_table_with_a_partition_on_another_server() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List), ListPartition("t_us", "US"), ListPartition("t_eu", "EU", Server = "shard_a")]
        [PgIndex(nameof(Name), nameof(Region), {|#0:Unique = true|}), PgIndex(nameof(Name))]
        public sealed record T([property: PgKey] long Id, string Region, string Name);
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List), ListPartition("u_us", "US")]
        [PgIndex(nameof(Name), nameof(Region), Unique = true)]
        public sealed record U([property: PgKey] long Id, string Region, string Name);
        """,
        Diagnostic("PGX0043", 0, "name, region", "T", "t_eu", "shard_a"));

    [Fact]
    public Task PGX0044_a_server_on_a_trigger_routed_table_or_no_servers_at_all() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("t_eu", "EU", {|#0:Server = "shard_a"|})]
        public sealed record T([property: PgKey] long Id, string Region);
        [PgTable, PartitionBy(nameof(UserId), PartitionKind.Hash), HashPartitions(2, {|#1:Servers = new string[0]|})]
        public sealed record H([property: PgKey] long Id, int UserId);
        """,
        Diagnostic("PGX0044", 0, "[ListPartition(\"t_eu\")]", "T", "the partition on server 'shard_a' needs declarative routing: a trigger-routed child is an inheriting table that the routing trigger inserts into, and Pgx routes rows to another server only through PostgreSQL's own partition routing; remove Routing = PartitionRouting.Trigger, or the Server"),
        Diagnostic("PGX0044", 1, "[HashPartitions]", "H", "Servers is empty; name at least one [assembly: ForeignServer], or remove Servers to keep every partition local"));
}
