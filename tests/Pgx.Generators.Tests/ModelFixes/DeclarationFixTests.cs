using System.Threading.Tasks;
using Pgx.Generators.CodeFixes.Model;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.ModelFixes;

/// <summary>
/// The one-edit fixes: a property named by its spelling becomes nameof (PGX0001, PGX0020), [PartitionBy] takes the
/// kind of the partitions (PGX0003), an enum column loses its non-integer type (PGX0028), an unsupported property
/// [PgIgnore]d (PGX0010), [PgSequence] off a Guid key (PGX0014), a class declared as a record (PGX0015), what hash partitioning cannot have removed (PGX0017),
/// a second declaration of a foreign server removed (PGX0040), a nullable partition key made non-nullable (PGX0016), a
/// default partition for a table without partitions (PGX0022), an empty optional name left out (PGX0023), the key of a
/// trigger-routed table made safe (PGX0030), one of LimitTo and Except kept (PGX0042).
/// </summary>
public sealed class DeclarationFixTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public DeclarationFixTests()
        : base("PGX0001", "PGX0003", "PGX0010", "PGX0014", "PGX0015", "PGX0016", "PGX0017", "PGX0020", "PGX0022", "PGX0023", "PGX0030", "PGX0028", "PGX0040", "PGX0042")
    {
    }

    [Fact]
    public Task PgSequence_is_removed_from_a_key_that_cannot_hold_its_values() => VerifyFixAsync(
        Usings + """
        [PgTable]
        public sealed record T([property: PgKey, {|#0:PgSequence("s")|}] Guid Id);
        [PgTable]
        public sealed record U([property: {|#1:PgSequence("u_ids")|}] string Id);
        """,
        Usings + """
        [PgTable]
        public sealed record T([property: PgKey] Guid Id);
        [PgTable]
        public sealed record U(string Id);
        """,
        SequenceOnNonIntegerKeyCodeFixProvider.Key,
        Diagnostic("PGX0014", 0, "Id", "System.Guid", "T"),
        Diagnostic("PGX0014", 1, "Id", "string", "U"));

    [Fact]
    public Task A_nullable_partition_key_becomes_non_nullable_and_an_unsupported_one_is_left_alone() => VerifyPartialFixAsync(
        Usings + """
        [PgTable, PartitionBy({|#0:nameof(P)|}, PartitionKind.List), ListPartition("a", 1)]
        public sealed record T(long Id, int? P);
        [PgTable, PartitionBy({|#1:nameof(Region)|}, PartitionKind.List), ListPartition("u_eu", "eu")]
        public sealed record U(long Id)
        {
            public string? Region { get; init; }
        }
        [PgTable, PartitionBy({|#2:nameof(Name)|}, PartitionKind.Range), RangePartition("v_a", "a", "m")]
        public sealed record V(long Id, string Name);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("a", 1)]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(Region), PartitionKind.List), ListPartition("u_eu", "eu")]
        public sealed record U(long Id)
        {
            public string Region { get; init; }
        }
        [PgTable, PartitionBy({|PGX0016:nameof(Name)|}, PartitionKind.Range), RangePartition("v_a", "a", "m")]
        public sealed record V(long Id, string Name);
        """,
        NullablePartitionKeyCodeFixProvider.Key,
        Diagnostic("PGX0016", 0, "P", "LIST", "it is nullable, and a partition key must be NOT NULL; make the property non-nullable", "T"),
        Diagnostic("PGX0016", 1, "Region", "LIST", "it is nullable, and a partition key must be NOT NULL; make the property non-nullable", "U"),
        Diagnostic("PGX0016", 2, "Name", "RANGE", "its type is string; RANGE keys can be short, int, long, decimal, DateTime, DateTimeOffset or DateOnly", "V"));

    [Fact]
    public Task A_list_or_range_table_without_partitions_gets_a_default_partition_and_a_hash_table_none() => VerifyPartialFixAsync(
        Usings + """
        [PgTable("orders"), {|#0:PartitionBy(nameof(P), PartitionKind.List)|}]
        public sealed record Order(long Id, int P);
        [PgTable, {|#1:PartitionBy(nameof(At), PartitionKind.Range)|}, PgIndex(nameof(At))]
        public sealed record Event(long Id, DateTimeOffset At);
        [PgTable, {|#2:PartitionBy(nameof(Id), PartitionKind.Hash)|}]
        public sealed record Reading(long Id);
        """,
        Usings + """
        [PgTable("orders"), PartitionBy(nameof(P), PartitionKind.List), DefaultPartition("orders_default")]
        public sealed record Order(long Id, int P);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), DefaultPartition("event_default"), PgIndex(nameof(At))]
        public sealed record Event(long Id, DateTimeOffset At);
        [PgTable, {|PGX0022:PartitionBy(nameof(Id), PartitionKind.Hash)|}]
        public sealed record Reading(long Id);
        """,
        NoPartitionsCodeFixProvider.Key,
        Diagnostic("PGX0022", 0, "Order", "ListPartition(\"name\", value)"),
        Diagnostic("PGX0022", 1, "Event", "RangePartition(\"name\", from, to)"),
        Diagnostic("PGX0022", 2, "Reading", "HashPartitions(count)"));

    [Fact]
    public Task An_empty_optional_name_is_left_out_and_a_required_one_is_not() => VerifyPartialFixAsync(
        Usings + """
        [PgTable({|#0:""|}, {|#1:Schema = ""|})]
        public sealed record T(long Id, [property: PgColumn({|#2:""|})] string Name);
        [PgTable("u"), PartitionBy(nameof(P), PartitionKind.List), ListPartition({|#3:""|}, 1)]
        public sealed record U(long Id, int P);
        """,
        Usings + """
        [PgTable]
        public sealed record T(long Id, [property: PgColumn] string Name);
        [PgTable("u"), PartitionBy(nameof(P), PartitionKind.List), ListPartition({|PGX0023:""|}, 1)]
        public sealed record U(long Id, int P);
        """,
        EmptyNameCodeFixProvider.Key,
        Diagnostic("PGX0023", 0, "table", "T"),
        Diagnostic("PGX0023", 1, "schema", "T"),
        Diagnostic("PGX0023", 2, "column", "T"),
        Diagnostic("PGX0023", 3, "partition", "U"));

    private const string TriggerRouted = """
        using System.ComponentModel.DataAnnotations.Schema;
        using System; using Pgx;
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("a_1", 1)]
        public sealed record A([property: PgKey(UseSequence = false)] long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("b_1", 1)]
        public sealed record B([property: DatabaseGenerated(DatabaseGeneratedOption.None)] long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("c_1", 1)]
        public sealed record C(Guid Id, int P);
        """;

    private static readonly Microsoft.CodeAnalysis.Testing.DiagnosticResult[] TriggerRoutedDiagnostics =
    {
        Diagnostic("PGX0030").WithSpan(4, 41, 4, 60).WithArguments("id", "public.a", "let the shared sequence fill it (remove UseSequence = false or [DatabaseGenerated(None)]), or mark A.Id and A.P with [PgKey], so the key includes the partition key"),
        Diagnostic("PGX0030").WithSpan(6, 35, 6, 82).WithArguments("id", "public.b", "let the shared sequence fill it (remove UseSequence = false or [DatabaseGenerated(None)]), or mark B.Id and B.P with [PgKey], so the key includes the partition key"),
        Diagnostic("PGX0030").WithSpan(8, 29, 8, 31).WithArguments("id", "public.c", "mark C.Id and C.P with [PgKey], so the key includes the partition key"),
    };

    [Fact]
    public Task The_shared_sequence_fills_a_key_whose_sequence_was_switched_off() => VerifyPartialFixAsync(
        TriggerRouted,
        TriggerRouted
            .Replace("[property: PgKey(UseSequence = false)] long Id", "[property: PgKey] long Id")
            .Replace("[property: DatabaseGenerated(DatabaseGeneratedOption.None)] long Id", "long Id")
            .Replace("C(Guid Id", "C(Guid {|PGX0030:Id|}"),
        TriggerRoutedKeyCodeFixProvider.UseSequenceKey,
        TriggerRoutedDiagnostics);

    [Fact]
    public Task The_partition_key_joins_the_primary_key() => VerifyFixAsync(
        TriggerRouted,
        TriggerRouted
            .Replace("long Id, int P);\n[PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition(\"b_1\"", "long Id, [property: PgKey] int P);\n[PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition(\"b_1\"")
            .Replace("[property: DatabaseGenerated(DatabaseGeneratedOption.None)] long Id, int P", "[property: PgKey, DatabaseGenerated(DatabaseGeneratedOption.None)] long Id, [property: PgKey] int P")
            .Replace("C(Guid Id, int P", "C([property: PgKey] Guid Id, [property: PgKey] int P"),
        TriggerRoutedKeyCodeFixProvider.PartitionKeyInKeyKey,
        TriggerRoutedDiagnostics);

    [Fact]
    public async Task An_import_keeps_LimitTo_or_Except()
    {
        const string Source = """
            using Pgx;
            [assembly: ForeignServer("app_db")]
            [assembly: ImportForeignSchema("app_db", LimitTo = new[] { "users" }, {|#0:Except = new[] { "audit" }|})]
            """;
        var expected = Diagnostic("PGX0042", 0, "public");
        await VerifyFixAsync(Source, Source.Replace(", {|#0:Except = new[] { \"audit\" }|}", ""), ImportLimitToAndExceptCodeFixProvider.KeepLimitToKey, expected);
        var test = Test(Source, expected);
        test.FixedCode = Source.Replace("LimitTo = new[] { \"users\" }, {|#0:Except", "{|#0:Except").Replace("{|#0:", "").Replace("|}", "");
        test.CodeActionIndex = 1;
        test.CodeActionEquivalenceKey = ImportLimitToAndExceptCodeFixProvider.KeepExceptKey;
        await test.RunAsync();
    }

    [Fact]
    public Task A_property_written_in_another_spelling_becomes_nameof() => VerifyPartialFixAsync(
        Usings + """
        [PgTable, PartitionBy({|#0:"regionCode"|}, PartitionKind.List), ListPartition("eu", "EU")]
        [PgIndex({|#1:"email"|}, nameof(RegionCode)), PgIndex({|#2:"Mail"|})]
        public sealed record Customer(long Id, string RegionCode, string Email);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(RegionCode), PartitionKind.List), ListPartition("eu", "EU")]
        [PgIndex(nameof(Email), nameof(RegionCode)), PgIndex({|PGX0020:"Mail"|})]
        public sealed record Customer(long Id, string RegionCode, string Email);
        """,
        PropertyNameCodeFixProvider.Key,
        Diagnostic("PGX0001", 0, "regionCode", "Customer"),
        Diagnostic("PGX0020", 1, "email", "Customer"),
        Diagnostic("PGX0020", 2, "Mail", "Customer"));

    [Fact]
    public Task A_property_of_an_unsupported_type_is_ignored() => VerifyFixAsync(
        Usings + """
        [PgTable]
        public sealed record T(long Id, Uri {|#0:Link|})
        {
            public object? {|#1:Extra|} { get; init; }
        }
        """,
        Usings + """
        [PgTable]
        public sealed record T(long Id, [property: PgIgnore] Uri Link)
        {
            [PgIgnore]
            public object? Extra { get; init; }
        }
        """,
        UnsupportedPropertyTypeCodeFixProvider.Key,
        Diagnostic("PGX0010", 0, "Link", "System.Uri", "T"),
        Diagnostic("PGX0010", 1, "Extra", "object?", "T"));

    [Fact]
    public Task Trigger_routing_and_a_default_partition_are_removed_from_a_hash_table() => VerifyFixAsync(
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash, {|#0:Routing = PartitionRouting.Trigger|}), HashPartitions(2)]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions(2), {|#1:DefaultPartition("u_rest")|}]
        public sealed record U(long Id, int P);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions(2)]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions(2)]
        public sealed record U(long Id, int P);
        """,
        UnsupportedCombinationCodeFixProvider.Key,
        Diagnostic("PGX0017", 0, "Hash partitioning of T needs PartitionRouting.Declarative, since a routing trigger cannot compute PostgreSQL's partition hash; remove Routing = PartitionRouting.Trigger"),
        Diagnostic("PGX0017", 1, "The hash-partitioned U cannot have a default partition, since every row has a hash partition; remove [DefaultPartition]"));

    [Fact]
    public Task A_second_declaration_of_a_foreign_server_is_removed() => VerifyFixAsync(
        """
        using Pgx;
        [assembly: ForeignServer({|#1:"app_db"|}, Host = "a")]
        [assembly: ForeignServer({|#0:"app_db"|}, Host = "b")]
        [assembly: ForeignServer("other")]
        """,
        """
        using Pgx;
        [assembly: ForeignServer("app_db", Host = "a")]
        [assembly: ForeignServer("other")]
        """,
        DuplicateForeignServerCodeFixProvider.Key,
        Diagnostic("PGX0040", 0, "app_db").WithLocation(1));

    [Fact]
    public Task A_class_or_struct_becomes_a_record_an_abstract_record_sealed_and_a_generic_one_stays() => VerifyPartialFixAsync(
        Usings + """
        [PgTable]
        public sealed class {|#0:Order|}
        {
            public long Id { get; init; }
        }
        [PgTable]
        public struct {|#1:Point|} { public long Id { get; set; } }
        [PgTable]
        public abstract record {|#2:Base|}(long Id);
        [PgTable]
        public sealed record {|#3:Box|}<T>(long Id);
        """,
        Usings + """
        [PgTable]
        public sealed record Order
        {
            public long Id { get; init; }
        }
        [PgTable]
        public record struct Point { public long Id { get; set; } }
        [PgTable]
        public sealed record Base(long Id);
        [PgTable]
        public sealed record {|PGX0015:Box|}<T>(long Id);
        """,
        NotARecordCodeFixProvider.Key,
        Diagnostic("PGX0015", 0, "Order", "is not a record"),
        Diagnostic("PGX0015", 1, "Point", "is not a record"),
        Diagnostic("PGX0015", 2, "Base", "is abstract"),
        Diagnostic("PGX0015", 3, "Box", "is generic"));

    [Fact]
    public Task PartitionBy_takes_the_kind_all_partitions_declare_and_mixed_kinds_get_no_fix() => VerifyPartialFixAsync(
        Usings + """
        [PgTable, PartitionBy(nameof(P), {|#2:PartitionKind.List|}), {|#0:RangePartition("a", 0, 10)|}, {|#1:RangePartition("b", 10, 20)|}]
        public sealed record T(long Id, int P);
        [PgTable, PartitionBy(nameof(P), {|#4:PartitionKind.Hash|}), {|#5:ListPartition("u_a", 1)|}, {|#3:RangePartition("u_b", 1, 2)|}]
        public sealed record U(long Id, int P);
        """,
        Usings + """
        [PgTable, PartitionBy(nameof(P), PartitionKind.Range), RangePartition("a", 0, 10), RangePartition("b", 10, 20)]
        public sealed record T(long Id, int P);
        [PgTable, {|PGX0022:PartitionBy(nameof(P), PartitionKind.Hash)|}, {|PGX0003:ListPartition("u_a", 1)|}, {|PGX0003:RangePartition("u_b", 1, 2)|}]
        public sealed record U(long Id, int P);
        """,
        PartitionKindMismatchCodeFixProvider.Key,
        Diagnostic("PGX0003", 0, "RangePartition", "RANGE", "T", "LIST", "ListPartition").WithLocation(2),
        Diagnostic("PGX0003", 1, "RangePartition", "RANGE", "T", "LIST", "ListPartition").WithLocation(2),
        Diagnostic("PGX0003", 5, "ListPartition", "LIST", "U", "HASH", "HashPartitions").WithLocation(4),
        Diagnostic("PGX0022").WithSpan(2, 11, 2, 53).WithArguments("T", "ListPartition(\"name\", value)"),
        Diagnostic("PGX0022").WithSpan(4, 11, 4, 53).WithArguments("U", "HashPartitions(count)"),
        Diagnostic("PGX0003", 3, "RangePartition", "RANGE", "U", "HASH", "HashPartitions").WithLocation(4));

    [Fact]
    public Task An_enum_column_loses_a_type_that_is_not_an_integer_type() => VerifyFixAsync(
        Usings + """
        public enum State { Open, Closed }
        [PgTable]
        public sealed record T(
            long Id,
            [property: PgColumn("state_text", {|#0:Type = "text"|})] State Text,
            [property: PgColumn({|#1:Type = "numeric(5)"|})] State Numeric);
        """,
        Usings + """
        public enum State { Open, Closed }
        [PgTable]
        public sealed record T(
            long Id,
            [property: PgColumn("state_text")] State Text,
            [property: PgColumn] State Numeric);
        """,
        EnumColumnTypeCodeFixProvider.Key,
        Diagnostic("PGX0028", 0, "text", "Text", "T"),
        Diagnostic("PGX0028", 1, "numeric(5)", "Numeric", "T"));
}
