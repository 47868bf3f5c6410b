using System.Linq;
using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>Each model rule fires at the right place, and valid models are silent.</summary>
public sealed class ModelDiagnosticsTests
{
    private const string Usings = "using System; using Pgx;\n";

    [Theory]
    [InlineData(Models.SeedTable)]
    [InlineData(Models.Events)]
    [InlineData(Models.Readings)]
    [InlineData(Models.Plain)]
    [InlineData(Models.TriggerRange)]
    public async Task Valid_models_report_nothing(string source)
    {
        Assert.Empty(await AnalyzerRun.DiagnosticsAsync(source));
    }

    [Fact]
    public Task PGX0001_unknown_partition_key() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy({|PGX0001:"Nope"|}, PartitionKind.List), ListPartition("a", 1)]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0002_partition_without_partition_by() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, {|PGX0002:ListPartition("a", 1)|}]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0003_partition_kind_mismatch() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("a", 1), {|PGX0003:RangePartition("b", 1, 2)|}]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0004_duplicate_list_value() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("a", 1, 2), ListPartition("b", 3, {|PGX0004:2|})]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0005_overlapping_ranges() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range)]
        [RangePartition("a", "2026-01-01", "2026-02-01")]
        [{|PGX0005:RangePartition("b", "2026-01-15", "2026-03-01")|}]
        public sealed record T(long Id, DateTimeOffset At);
        """);

    [Fact]
    public Task PGX0006_inverted_range() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range), {|PGX0006:RangePartition("a", 10, 10)|}]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0007_unparsable_bound_and_wrong_type() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("a", {|PGX0007:"2026-13-01"|}, "2027-01-01")]
        public sealed record T(long Id, DateOnly At);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("u_a", {|PGX0007:"one"|})]
        public sealed record U(long Id, int P);
        """);

    [Fact]
    public Task PGX0008_hash_count() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions({|PGX0008:0|})]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0009_duplicate_partition_name() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable("t"), PartitionBy(nameof(P), PartitionKind.List), ListPartition("a", 1), ListPartition({|PGX0009:"a"|}, 2), ListPartition({|PGX0009:"t"|}, 3)]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0009_names_that_collide_across_records() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable({|PGX0009:"orders"|})]
        public sealed record Order(long Id);
        [PgTable({|PGX0009:"orders"|})]
        public sealed record LegacyOrder(long Id);
        [PgTable("orders", Schema = "archive")]
        public sealed record ArchivedOrder(long Id);
        [PgTable({|PGX0009:"t_a"|})]
        public sealed record Audit(long Id);
        [PgTable("t"), PartitionBy(nameof(P), PartitionKind.List), ListPartition({|PGX0009:"t_a"|}, 1), ListPartition({|PGX0009:"t_b"|}, 2)]
        public sealed record T(long Id, int P);
        [PgTable("u"), PartitionBy(nameof(P), PartitionKind.List), ListPartition("u_a", 1), DefaultPartition({|PGX0009:"t_b"|})]
        public sealed record U(long Id, int P);
        [PgTable({|PGX0009:"hashed_p0"|})]
        public sealed record Plain(long Id);
        [PgTable("hashed"), PartitionBy(nameof(Id), PartitionKind.Hash), {|PGX0009:HashPartitions(2)|}]
        public sealed record Hashed(long Id);
        """);

    [Fact]
    public async Task The_generator_skips_every_record_whose_names_collide_with_another()
    {
        var run = GeneratorRun.Of(Models.SeedTable, Usings + """
            [PgTable("orders")]
            public sealed record Order(long Id);
            [PgTable("orders")]
            public sealed record LegacyOrder(long Id);
            [PgTable("audit"), PartitionBy(nameof(P), PartitionKind.List), ListPartition("t1", 1)]
            public sealed record Audit(long Id, int P);
            [PgTable("kept")]
            public sealed record Kept(long Id);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain("orders", run.SchemaSql);
        Assert.DoesNotContain("audit", run.SchemaSql);
        Assert.DoesNotContain("CREATE TABLE IF NOT EXISTS public.t ", run.SchemaSql);
        Assert.Contains("CREATE TABLE IF NOT EXISTS public.kept", run.SchemaSql);
        Assert.Equal(4, (await AnalyzerRun.DiagnosticsAsync(run.Output.SyntaxTrees.Take(2).Select(t => t.ToString()).ToArray())).Count(d => d.Id == "PGX0009"));
    }

    [Fact]
    public Task PGX0010_unsupported_property_type() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable]
        public sealed record T(long Id, System.Uri {|PGX0010:Link|});
        """);

    [Fact]
    public Task PGX0011_missing_key() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable]
        public sealed record {|PGX0011:T|}(long Number, string Name);
        """);

    [Fact]
    public Task PGX0012_identifier_too_long() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable({|PGX0012:"a_table_name_that_is_much_too_long_for_postgresql_identifiers_xyz"|})]
        public sealed record T(long Id, [property: PgColumn({|PGX0012:"ééééééééééééééééééééééééééééééééé"|})] string Name);
        """);

    [Fact]
    public Task PGX0013_unknown_foreign_server() => AnalyzerRun.VerifyAsync(Usings + """
        [assembly: ForeignServer("app_db")]
        [PgTable, ForeignTable({|PGX0013:"app"|})]
        public sealed record User(int Id, string Email);
        [PgTable, ForeignTable("app_db")]
        public sealed record Company(int Id, string Name);
        """);

    [Fact]
    public Task PGX0014_sequence_on_a_non_integer_key() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable]
        public sealed record T([property: PgKey, {|PGX0014:PgSequence("s")|}] Guid Id);
        """);

    [Fact]
    public Task PGX0015_not_a_record() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable]
        public sealed class {|PGX0015:T|} { public long Id { get; set; } }
        [PgTable]
        public abstract record {|PGX0015:U|}(long Id);
        """);

    [Fact]
    public Task PGX0016_unsupported_partition_key() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy({|PGX0016:nameof(P)|}, PartitionKind.List), ListPartition("a", 1)]
        public sealed record T(long Id, int? P);
        [PgTable, PartitionBy({|PGX0016:nameof(Name)|}, PartitionKind.Range), RangePartition("b", "a", "m")]
        public sealed record U(long Id, string Name);
        """);

    [Fact]
    public Task PGX0017_unsupported_combination() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, {|PGX0017:PartitionBy(nameof(P), PartitionKind.Hash, Routing = PartitionRouting.Trigger)|}, HashPartitions(2)]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions(2), {|PGX0017:DefaultPartition("u_rest")|}]
        public sealed record U(long Id, int P);
        """);

    [Fact]
    public Task PGX0018_invalid_column_type() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable]
        public sealed record T(long Id, [property: PgColumn({|PGX0018:Type = "text; DROP TABLE users"|})] string Name);
        """);

    [Fact]
    public Task PGX0019_duplicate_column() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable]
        public sealed record T(long Id, string Name, [property: PgColumn("name")] string {|PGX0019:Other|});
        """);

    [Fact]
    public Task PGX0020_unknown_index_property() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PgIndex({|PGX0020:"Nope"|})]
        public sealed record T(long Id, string Name);
        """);

    [Fact]
    public Task PGX0021_unique_index_without_partition_key() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("a", 1), {|PGX0021:PgIndex(nameof(Name), Unique = true)|}]
        public sealed record T(long Id, int P, string Name);
        """);

    [Fact]
    public Task PGX0022_no_partitions() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, {|PGX0022:PartitionBy(nameof(P), PartitionKind.List)|}]
        public sealed record T(long Id, int P);
        """);

    [Fact]
    public Task PGX0023_empty_name() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable({|PGX0023:""|})]
        public sealed record T(long Id);
        """);

    [Fact]
    public Task PGX0025_unique_index_on_a_trigger_routed_table_without_the_partition_key() => AnalyzerRun.VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("a", 1)]
        [{|PGX0025:PgIndex(nameof(Email), Unique = true)|}, {|PGX0025:PgIndex(nameof(Name), nameof(Email), Unique = true, Name = "t_name_email")|}]
        [PgIndex(nameof(Email), nameof(P), Unique = true), PgIndex(nameof(Name))]
        public sealed record T(long Id, int P, string Email, string Name);
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range, Routing = PartitionRouting.Trigger), RangePartition("u_a", 0, 10)]
        [PgIndex(nameof(P), nameof(Email), Unique = true)]
        public sealed record U(long Id, int P, string Email);
        """);

    [Fact]
    public Task PGX0030_key_of_a_trigger_routed_table_that_does_not_come_from_the_sequence() => AnalyzerRun.VerifyAsync(
        "using System.ComponentModel.DataAnnotations.Schema;\n" + Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("a_1", 1)]
        public sealed record A([property: PgKey({|PGX0030:UseSequence = false|})] long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("b_1", 1)]
        public sealed record B([property: {|PGX0030:DatabaseGenerated(DatabaseGeneratedOption.None)|}] long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("c_1", 1)]
        public sealed record C(Guid {|PGX0030:Id|}, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("d_1", 1)]
        public sealed record D([property: PgKey] long {|PGX0030:Id|}, [property: PgKey] long Tenant, int P);

        // The partition key is part of the key, or the key comes from the shared sequence, or routing is declarative.
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("e_1", 1)]
        public sealed record E([property: PgKey(UseSequence = false)] long Id, [property: PgKey] int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("f_1", 1)]
        public sealed record F([property: PgKey, PgSequence("f_ids")] long Id, [property: PgKey] long Tenant, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("g_1", 1)]
        public sealed record G(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("h_1", 1)]
        public sealed record H([property: PgKey(UseSequence = false)] long Id, int P);
        """);

    [Fact]
    public async Task The_generator_skips_exactly_what_the_analyzer_flags()
    {
        var run = GeneratorRun.Of(Models.SeedTable, Usings + """
            [PgTable, PartitionBy("Nope", PartitionKind.List), ListPartition("a", 1)]
            public sealed record Broken(long Id, int P);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("public.t", run.SchemaSql);
        Assert.DoesNotContain("broken", run.SchemaSql);
    }
}
