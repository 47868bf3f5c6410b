using System.Threading.Tasks;
using Pgx.Generators.CodeFixes.Model;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.ModelFixes;

/// <summary>The fixes of PGX0004–PGX0006: duplicates removed, overlaps resolved, inverted bounds swapped; the fixed model compiles and is valid.</summary>
public sealed class OverlappingPartitionsFixTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public OverlappingPartitionsFixTests()
        : base("PGX0004", "PGX0005", "PGX0006")
    {
    }

    [Fact]
    public Task A_duplicate_list_value_is_removed_and_a_partition_of_duplicates_goes_whole() => VerifyFixAsync(
        Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("eu", {|#4:"DE"|}, {|#5:"FR"|}), ListPartition("west", "US", {|#0:"FR"|}, "CA")]
        [ListPartition("europe", {|#1:"DE"|}, {|#2:"FR"|})]
        [ListPartition("same", {|#6:"JP"|}, {|#3:"JP"|})]
        public sealed record Customer(long Id, string Region);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("eu", "DE", "FR"), ListPartition("west", "US", "CA")]
        [ListPartition("same", "JP")]
        public sealed record Customer(long Id, string Region);
        """,
        OverlappingPartitionsCodeFixProvider.DuplicateValueKey,
        Diagnostic("PGX0004", 0, "'FR'", "eu", "west", "Customer", "Region").WithLocation(5),
        Diagnostic("PGX0004", 1, "'DE'", "eu", "europe", "Customer", "Region").WithLocation(4),
        Diagnostic("PGX0004", 2, "'FR'", "eu", "europe", "Customer", "Region").WithLocation(5),
        Diagnostic("PGX0004", 3, "'JP'", "same", "same", "Customer", "Region").WithLocation(6));

    [Fact]
    public Task A_range_inside_another_is_removed_and_one_that_starts_inside_another_starts_where_it_ends() => VerifyFixAsync(
        Usings + """
        [PgTable, PartitionBy(nameof(Day), PartitionKind.Range)]
        [RangePartition("jan", "2026-01-01", {|#2:"2026-02-01"|})]
        [RangePartition("jan_again", {|#0:"2026-01-01"|}, {|#3:"2026-02-01"|})]
        [RangePartition("mar", "2026-03-01", "2026-04-01")]
        [RangePartition("feb", {|#1:"2026-01-15"|}, "2026-03-01")]
        public sealed record Event(long Id, DateOnly Day);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(Day), PartitionKind.Range)]
        [RangePartition("jan", "2026-01-01", "2026-02-01")]
        [RangePartition("mar", "2026-03-01", "2026-04-01")]
        [RangePartition("feb", "2026-02-01", "2026-03-01")]
        public sealed record Event(long Id, DateOnly Day);
        """,
        OverlappingPartitionsCodeFixProvider.OverlapKey,
        Diagnostic("PGX0005", 0, "jan_again", "2026-01-01", "2026-02-01", "jan", "2026-01-01", "2026-02-01", "Event").WithLocation(2),
        Diagnostic("PGX0005", 1, "feb", "2026-01-15", "2026-03-01", "jan_again", "2026-01-01", "2026-02-01", "Event").WithLocation(3));

    [Fact]
    public Task Inverted_bounds_are_swapped_and_an_empty_range_gets_no_fix() => VerifyPartialFixAsync(
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range)]
        [RangePartition("a", {|#0:20, 10|}), RangePartition("b", {|#1:30, 30|})]
        public sealed record T(long Id, int P);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range)]
        [RangePartition("a", 10, 20), RangePartition("b", {|PGX0006:30, 30|})]
        public sealed record T(long Id, int P);
        """,
        OverlappingPartitionsCodeFixProvider.SwapKey,
        Diagnostic("PGX0006", 0, "a", "20", "10", "T"),
        Diagnostic("PGX0006", 1, "b", "30", "30", "T"));
}
