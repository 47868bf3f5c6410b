using System.Linq;
using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>Each model rule fires at the right place with the right message, and valid models are silent.</summary>
public sealed class ModelDiagnosticsTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public ModelDiagnosticsTests()
        : base(ModelRules)
    {
    }

    [Theory]
    [InlineData(Models.TriggerList)]
    [InlineData(Models.Events)]
    [InlineData(Models.Readings)]
    [InlineData(Models.Plain)]
    [InlineData(Models.TriggerRange)]
    public Task Valid_models_report_nothing(string source) => VerifyAsync(source);

    [Fact]
    public Task PGX0001_unknown_partition_key() => VerifyAsync(Usings + """
        [PgTable, PartitionBy({|#0:"Nope"|}, PartitionKind.List), ListPartition("a", 1)]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0001", 0, "Nope", "T"));

    [Fact]
    public Task PGX0002_partition_without_partition_by() => VerifyAsync(Usings + """
        [PgTable, {|#0:ListPartition("a", 1)|}]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0002", 0, "ListPartition", "T", "List"));

    [Fact]
    public Task PGX0038_partition_by_without_pg_table() => VerifyAsync(Usings + """
        [{|#0:PartitionBy(nameof(P), PartitionKind.List)|}, ListPartition("a", 1)]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("u_a", 1)]
        public sealed record U(long Id, int P);
        """,
        Diagnostic("PGX0038", 0, "T"));

    [Fact]
    public Task PGX0003_partition_kind_mismatch() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), {|#1:PartitionKind.List|}), ListPartition("a", 1), {|#0:RangePartition("b", 1, 2)|}]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0003", 0, "RangePartition", "RANGE", "T", "LIST", "ListPartition").WithLocation(1));

    [Fact]
    public Task PGX0004_duplicate_list_value() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("a", 1, {|#1:2|}), ListPartition("b", 3, {|#0:2|})]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0004", 0, "2", "a", "b", "T", "P").WithLocation(1));

    [Fact]
    public Task PGX0005_overlapping_ranges() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range)]
        [RangePartition("a", "2026-01-01", {|#1:"2026-02-01"|})]
        [RangePartition("b", {|#0:"2026-01-15"|}, "2026-03-01")]
        public sealed record T(long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0005", 0, "b", "2026-01-15", "2026-03-01", "a", "2026-01-01", "2026-02-01", "T").WithLocation(1));

    [Fact]
    public Task PGX0006_inverted_range() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range), RangePartition("a", {|#0:10, 10|})]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0006", 0, "a", "10", "10", "T"));

    [Fact]
    public Task PGX0007_unparsable_bound_and_wrong_type() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("a", {|#0:"2026-13-01"|}, "2027-01-01")]
        public sealed record T(long Id, DateOnly At);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("u_a", {|#1:"one"|})]
        public sealed record U(long Id, int P);
        """,
        Diagnostic("PGX0007", 0, "a", "\"2026-13-01\"", "System.DateOnly", "At", "a DateOnly partition key needs a string such as \"2026-11-01\"", "T"),
        Diagnostic("PGX0007", 1, "u_a", "\"one\"", "int", "P", "an integer partition key needs integer values", "U"));

    [Fact]
    public Task PGX0008_hash_count() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions({|#0:0|})]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0008", 0, "0", "T"));

    [Fact]
    public Task PGX0009_duplicate_partition_name() => VerifyAsync(Usings + """
        [PgTable("t"), PartitionBy(nameof(P), PartitionKind.List), ListPartition({|#2:"a"|}, 1), ListPartition({|#0:"a"|}, 2), ListPartition({|#1:"t"|}, 3)]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0009", 0, "a", "partition 'a'", "T").WithLocation(2),
        Diagnostic("PGX0009", 1, "t", "the table itself", "T"));

    [Fact]
    public Task PGX0009_names_that_collide_across_records() => VerifyAsync(Usings + """
        [PgTable({|#0:"orders"|})]
        public sealed record Order(long Id);
        [PgTable({|#1:"orders"|})]
        public sealed record LegacyOrder(long Id);
        [PgTable("orders", Schema = "archive")]
        public sealed record ArchivedOrder(long Id);
        [PgTable({|#2:"t_a"|})]
        public sealed record Audit(long Id);
        [PgTable("t"), PartitionBy(nameof(P), PartitionKind.List), ListPartition({|#3:"t_a"|}, 1), ListPartition({|#4:"t_b"|}, 2)]
        public sealed record T(long Id, int P);
        [PgTable("u"), PartitionBy(nameof(P), PartitionKind.List), ListPartition("u_a", 1), DefaultPartition({|#5:"t_b"|})]
        public sealed record U(long Id, int P);
        [PgTable({|#6:"hashed_p0"|})]
        public sealed record Plain(long Id);
        [PgTable("hashed"), PartitionBy(nameof(Id), PartitionKind.Hash), {|#7:HashPartitions(2)|}]
        public sealed record Hashed(long Id);
        """,
        Diagnostic("PGX0009", 0, "orders", "the table of LegacyOrder", "Order").WithLocation(1),
        Diagnostic("PGX0009", 1, "orders", "the table of Order", "LegacyOrder").WithLocation(0),
        Diagnostic("PGX0009", 2, "t_a", "partition 't_a' of T", "Audit").WithLocation(3),
        Diagnostic("PGX0009", 3, "t_a", "the table of Audit", "T").WithLocation(2),
        Diagnostic("PGX0009", 4, "t_b", "partition 't_b' of U", "T").WithLocation(5),
        Diagnostic("PGX0009", 5, "t_b", "partition 't_b' of T", "U").WithLocation(4),
        Diagnostic("PGX0009", 6, "hashed_p0", "partition 'hashed_p0' of Hashed", "Plain").WithLocation(7),
        Diagnostic("PGX0009", 7, "hashed_p0", "the table of Plain", "Hashed").WithLocation(6));

    [Fact]
    public async Task The_generator_skips_every_record_whose_names_collide_with_another()
    {
        var run = GeneratorRun.Of(Models.TriggerList, Usings + """
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
    public Task PGX0010_unsupported_property_type() => VerifyAsync(Usings + """
        [PgTable]
        public sealed record T(long Id, System.Uri {|#0:Link|});
        """,
        Diagnostic("PGX0010", 0, "Link", "System.Uri", "T"));

    [Fact]
    public Task PGX0011_missing_key() => VerifyAsync(Usings + """
        [PgTable]
        public sealed record {|#0:T|}(long Number, string Name);
        """,
        Diagnostic("PGX0011", 0, "T"));

    [Fact]
    public Task PGX0012_identifier_too_long() => VerifyAsync(Usings + """
        [PgTable({|#0:"a_table_name_that_is_much_too_long_for_postgresql_identifiers_xyz"|})]
        public sealed record T(long Id, [property: PgColumn({|#1:"ééééééééééééééééééééééééééééééééé"|})] string Name);
        """,
        Diagnostic("PGX0012", 0, "table", "a_table_name_that_is_much_too_long_for_postgresql_identifiers_xyz", 65, "T"),
        Diagnostic("PGX0012", 1, "column", "ééééééééééééééééééééééééééééééééé", 66, "T"));

    [Fact]
    public Task PGX0013_unknown_foreign_server() => VerifyAsync(Usings + """
        [assembly: ForeignServer("app_db")]
        [PgTable, ForeignTable({|#0:"app"|})]
        public sealed record User(int Id, string Email);
        [PgTable, ForeignTable("app_db")]
        public sealed record Company(int Id, string Name);
        """,
        Diagnostic("PGX0013", 0, "app", "[ForeignTable] on User"));

    [Fact]
    public Task PGX0014_sequence_on_a_non_integer_key() => VerifyAsync(Usings + """
        [PgTable]
        public sealed record T([property: PgKey, {|#0:PgSequence("s")|}] Guid Id);
        """,
        Diagnostic("PGX0014", 0, "Id", "System.Guid", "T"));

    [Fact]
    public Task PGX0015_not_a_record() => VerifyAsync(Usings + """
        [PgTable]
        public sealed class {|#0:T|} { public long Id { get; set; } }
        [PgTable]
        public abstract record {|#1:U|}(long Id);
        """,
        Diagnostic("PGX0015", 0, "T", "is not a record"),
        Diagnostic("PGX0015", 1, "U", "is abstract"));

    [Fact]
    public Task PGX0016_unsupported_partition_key() => VerifyAsync(Usings + """
        [PgTable, PartitionBy({|#0:nameof(P)|}, PartitionKind.List), ListPartition("a", 1)]
        public sealed record T(long Id, int? P);
        [PgTable, PartitionBy({|#1:nameof(Name)|}, PartitionKind.Range), RangePartition("b", "a", "m")]
        public sealed record U(long Id, string Name);
        """,
        Diagnostic("PGX0016", 0, "P", "LIST", "it is nullable, and a partition key must be NOT NULL; make the property non-nullable", "T"),
        Diagnostic("PGX0016", 1, "Name", "RANGE", "its type is string; RANGE keys can be short, int, long, decimal, DateTime, DateTimeOffset or DateOnly", "U"));

    [Fact]
    public Task PGX0017_unsupported_combination() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash, {|#0:Routing = PartitionRouting.Trigger|}), HashPartitions(2)]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions(2), {|#1:DefaultPartition("u_rest")|}]
        public sealed record U(long Id, int P);
        """,
        Diagnostic("PGX0017", 0, "Hash partitioning of T needs PartitionRouting.Declarative, since a routing trigger cannot compute PostgreSQL's partition hash; remove Routing = PartitionRouting.Trigger"),
        Diagnostic("PGX0017", 1, "The hash-partitioned U cannot have a default partition, since every row has a hash partition; remove [DefaultPartition]"));

    [Fact]
    public Task PGX0018_invalid_column_type() => VerifyAsync(Usings + """
        [PgTable]
        public sealed record T(long Id, [property: PgColumn({|#0:Type = "text; DROP TABLE users"|})] string Name);
        """,
        Diagnostic("PGX0018", 0, "text; DROP TABLE users", "Name", "T"));

    [Theory]
    [InlineData("  ")]
    [InlineData("0; DROP TABLE users")]
    [InlineData("0) REFERENCES users (id")]
    [InlineData("'open")]
    [InlineData("0 -- zero")]
    public Task PGX0029_invalid_column_default(string defaultSql) => VerifyAsync(Usings + "[PgTable]\npublic sealed record T(long Id, [property: PgColumn({|#0:DefaultSql = \"" + defaultSql + "\"|})] string Name);",
        Diagnostic("PGX0029", 0, defaultSql, "Name", "T"));

    [Theory]
    [InlineData("'pending'")]
    [InlineData("now()")]
    [InlineData("(0)::numeric(12,2)")]
    public Task A_column_default_that_is_one_expression_reports_nothing(string defaultSql) =>
        VerifyAsync(Usings + "[PgTable]\npublic sealed record T(long Id, [property: PgColumn(DefaultSql = \"" + defaultSql + "\")] string Name);");

    [Fact]
    public Task PGX0019_duplicate_column() => VerifyAsync(Usings + """
        [PgTable]
        public sealed record T(long Id, string {|#1:Name|}, [property: PgColumn("name")] string {|#0:Other|});
        """,
        Diagnostic("PGX0019", 0, "Name", "Other", "name", "T").WithLocation(1));

    [Fact]
    public Task PGX0020_unknown_index_property() => VerifyAsync(Usings + """
        [PgTable, PgIndex({|#0:"Nope"|})]
        public sealed record T(long Id, string Name);
        """,
        Diagnostic("PGX0020", 0, "Nope", "T"));

    [Fact]
    public Task PGX0021_unique_index_without_partition_key() => VerifyAsync(Usings + """
        [PgTable, PartitionBy({|#1:nameof(P)|}, PartitionKind.List), ListPartition("a", 1), PgIndex({|#0:nameof(Name)|}, Unique = true)]
        public sealed record T(long Id, int P, string Name);
        """,
        Diagnostic("PGX0021", 0, "p", "P", "name", "T").WithLocation(1));

    [Fact]
    public Task PGX0022_no_partitions() => VerifyAsync(Usings + """
        [PgTable, {|#0:PartitionBy(nameof(P), PartitionKind.List)|}]
        public sealed record T(long Id, int P);
        """,
        Diagnostic("PGX0022", 0, "T", "ListPartition(\"name\", value)"));

    [Fact]
    public Task PGX0023_empty_name() => VerifyAsync(Usings + """
        [PgTable({|#0:""|})]
        public sealed record T(long Id);
        """,
        Diagnostic("PGX0023", 0, "table", "T"));

    [Fact]
    public Task PGX0025_unique_index_on_a_trigger_routed_table_without_the_partition_key() => VerifyAsync(Usings + """
        [PgTable, PartitionBy({|#2:nameof(P)|}, PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("a", 1)]
        [PgIndex({|#0:nameof(Email)|}, Unique = true), PgIndex({|#1:nameof(Name), nameof(Email)|}, Unique = true, Name = "t_name_email")]
        [PgIndex(nameof(Email), nameof(P), Unique = true), PgIndex(nameof(Name))]
        public sealed record T(long Id, int P, string Email, string Name);
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range, Routing = PartitionRouting.Trigger), RangePartition("u_a", 0, 10)]
        [PgIndex(nameof(P), nameof(Email), Unique = true)]
        public sealed record U(long Id, int P, string Email);
        """,
        Diagnostic("PGX0025", 0, "email", "public.t", "T.P").WithLocation(2),
        Diagnostic("PGX0025", 1, "name, email", "public.t", "T.P").WithLocation(2));

    [Fact]
    public Task PGX0030_key_of_a_trigger_routed_table_that_does_not_come_from_the_sequence() => VerifyAsync(
        "using System.ComponentModel.DataAnnotations.Schema;\n" + Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("a_1", 1)]
        public sealed record A([property: PgKey({|#0:UseSequence = false|})] long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("b_1", 1)]
        public sealed record B([property: {|#1:DatabaseGenerated(DatabaseGeneratedOption.None)|}] long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("c_1", 1)]
        public sealed record C(Guid {|#2:Id|}, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("d_1", 1)]
        public sealed record D([property: PgKey] long {|#3:Id|}, [property: PgKey] long Tenant, int P);

        // The partition key is part of the key, or the key comes from the shared sequence, or routing is declarative.
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("e_1", 1)]
        public sealed record E([property: PgKey(UseSequence = false)] long Id, [property: PgKey] int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("f_1", 1)]
        public sealed record F([property: PgKey, PgSequence("f_ids")] long Id, [property: PgKey] long Tenant, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("g_1", 1)]
        public sealed record G(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("h_1", 1)]
        public sealed record H([property: PgKey(UseSequence = false)] long Id, int P);
        """,
        Diagnostic("PGX0030", 0, "id", "public.a", "let the shared sequence fill it (remove UseSequence = false or [DatabaseGenerated(None)]), or mark A.Id and A.P with [PgKey], so the key includes the partition key"),
        Diagnostic("PGX0030", 1, "id", "public.b", "let the shared sequence fill it (remove UseSequence = false or [DatabaseGenerated(None)]), or mark B.Id and B.P with [PgKey], so the key includes the partition key"),
        Diagnostic("PGX0030", 2, "id", "public.c", "mark C.Id and C.P with [PgKey], so the key includes the partition key"),
        Diagnostic("PGX0030", 3, "id, tenant", "public.d", "mark D.Id, D.Tenant and D.P with [PgKey], so the key includes the partition key"));

    [Fact]
    public async Task The_generator_skips_exactly_what_the_analyzer_flags()
    {
        var run = GeneratorRun.Of(Models.TriggerList, Usings + """
            [PgTable, PartitionBy("Nope", PartitionKind.List), ListPartition("a", 1)]
            public sealed record Broken(long Id, int P);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("public.t", run.SchemaSql);
        Assert.DoesNotContain("broken", run.SchemaSql);
    }
}
