using System.Threading.Tasks;
using Pgx.Generators.CodeFixes.Model;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.ModelFixes;

/// <summary>
/// The fixes of the partition rules: [PartitionBy] added with the kind its partitions declare (PGX0002), the
/// partition key added to a unique index (PGX0021, PGX0025), [PgTable] added beside a lone [PartitionBy] (PGX0038).
/// </summary>
public sealed class PartitionFixTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public PartitionFixTests()
        : base("PGX0002", "PGX0021", "PGX0025", "PGX0038")
    {
    }

    [Fact]
    public Task PartitionBy_is_added_once_per_record_with_the_kind_and_the_key_the_values_fit() => VerifyPartialFixAsync(
        Usings + """
        [PgTable, {|#0:ListPartition("eu", "EU")|}, {|#1:ListPartition("us", "US")|}, {|#2:DefaultPartition("rest")|}]
        public sealed record Customer(long Id, int Score, string Region);
        [PgTable]
        [{|#3:RangePartition("y2026", "2026-01-01", "2027-01-01")|}]
        public sealed record Event(long Id, string Name, DateOnly Day);
        [PgTable, {|#4:HashPartitions(4)|}]
        public sealed record Reading(long Id, double Value);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List), ListPartition("eu", "EU"), ListPartition("us", "US"), DefaultPartition("rest")]
        public sealed record Customer(long Id, int Score, string Region);
        [PgTable]
        [PartitionBy(nameof(Day), PartitionKind.Range), RangePartition("y2026", "2026-01-01", "2027-01-01")]
        public sealed record Event(long Id, string Name, DateOnly Day);
        [PgTable, {|PGX0002:HashPartitions(4)|}]
        public sealed record Reading(long Id, double Value);
        """,
        PartitionByCodeFixProvider.Key,
        Diagnostic("PGX0002", 0, "ListPartition", "Customer", "List"),
        Diagnostic("PGX0002", 1, "ListPartition", "Customer", "List"),
        Diagnostic("PGX0002", 2, "DefaultPartition", "Customer", "List"),
        Diagnostic("PGX0002", 3, "RangePartition", "Event", "Range"),
        Diagnostic("PGX0002", 4, "HashPartitions", "Reading", "Hash"));

    [Fact]
    public Task A_hash_key_is_the_users_choice_among_the_properties_non_key_first()
    {
        var test = Test(
            Usings + """
            [PgTable, {|#0:HashPartitions(4)|}]
            public sealed record Reading(long Id, double Value, string Sensor);
            """,
            Diagnostic("PGX0002", 0, "HashPartitions", "Reading", "Hash"));
        test.FixedCode = Usings + """
            [PgTable, PartitionBy(nameof(Sensor), PartitionKind.Hash), HashPartitions(4)]
            public sealed record Reading(long Id, double Value, string Sensor);
            """;
        test.CodeActionIndex = 1;
        test.CodeActionEquivalenceKey = PartitionByCodeFixProvider.Key + ".Sensor";
        return test.RunAsync();
    }

    [Fact]
    public Task PgTable_is_added_before_a_lone_PartitionBy() => VerifyFixAsync(
        Usings + """
        [{|#0:PartitionBy(nameof(P), PartitionKind.List)|}, ListPartition("t_a", 1)]
        public sealed record T(long Id, int P);
        [Serializable]
        [{|#1:PartitionBy(nameof(At), PartitionKind.Range)|}]
        [RangePartition("u_2026", "2026-01-01", "2027-01-01")]
        public sealed record U(long Id, DateOnly At);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("t_a", 1)]
        public sealed record T(long Id, int P);
        [Serializable]
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range)]
        [RangePartition("u_2026", "2026-01-01", "2027-01-01")]
        public sealed record U(long Id, DateOnly At);
        """,
        PgTableCodeFixProvider.Key,
        Diagnostic("PGX0038", 0, "T"),
        Diagnostic("PGX0038", 1, "U"));

    [Fact]
    public Task Partitions_of_mixed_kinds_get_no_fix() => VerifyNoFixAsync(
        Usings + """
        [PgTable, {|#0:ListPartition("a", 1)|}, {|#1:RangePartition("b", 1, 5)|}]
        public sealed record T(long Id, int P);
        """,
        PartitionByCodeFixProvider.Key,
        Diagnostic("PGX0002", 0, "ListPartition", "T", "List"),
        Diagnostic("PGX0002", 1, "RangePartition", "T", "Range"));

    [Theory]
    [InlineData("PartitionRouting.Declarative", "PGX0021", PartitionKeyInIndexCodeFixProvider.DeclarativeKey)]
    [InlineData("PartitionRouting.Trigger", "PGX0025", PartitionKeyInIndexCodeFixProvider.TriggerRoutedKey)]
    public Task The_partition_key_joins_each_unique_index(string routing, string rule, string key)
    {
        string Source(string key, string first, string second) => Usings + $$"""
            [PgTable("t"), PartitionBy({{key}}, PartitionKind.List, Routing = {{routing}}), ListPartition("t_a", 1)]
            [{{first}}]
            [PgIndex(nameof(Name)), {{second}}]
            public sealed record T(long Id, int P, string Email, string Name);
            """;
        var expected = rule == "PGX0021"
            ? new[] { Diagnostic(rule, 0, "p", "P", "email", "T").WithLocation(2), Diagnostic(rule, 1, "p", "P", "name, email", "T").WithLocation(2) }
            : new[] { Diagnostic(rule, 0, "email", "public.t", "T.P").WithLocation(2), Diagnostic(rule, 1, "name, email", "public.t", "T.P").WithLocation(2) };
        // Both rules underline the index's properties: the list that leaves out the partition key.
        return VerifyFixAsync(
            Source("{|#2:nameof(P)|}", "PgIndex({|#0:nameof(Email)|}, Unique = true)", "PgIndex({|#1:nameof(Name), nameof(Email)|}, Unique = true, Name = \"t_name_email\")"),
            Source("nameof(P)", "PgIndex(nameof(Email), nameof(P), Unique = true)", "PgIndex(nameof(Name), nameof(Email), nameof(P), Unique = true, Name = \"t_name_email\")"),
            key,
            expected);
    }
}
