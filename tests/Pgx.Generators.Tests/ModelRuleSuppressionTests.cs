using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// Each model rule is reported where a <c>#pragma warning disable</c> of it reaches: silenced between disable and
/// restore, reported again after. (Every rule test also repeats its check under a file-wide pragma.)
/// </summary>
public sealed class ModelRuleSuppressionTests : RuleTests
{
    // One foreign server every case may name: assembly attributes cannot follow the first copy's record.
    private const string Usings = "using System; using Pgx;\n[assembly: ForeignServer(\"shard\")]\n";

    public ModelRuleSuppressionTests()
        : base(ModelRules)
    {
    }

    /// <summary>
    /// Per model rule, declarations that fire it once, at the code between [[ and ]]. Each is written twice, with
    /// {n} as 1 and 2, so names stay unique: two copies of one table would be a rule of their own (PGX0009).
    /// </summary>
    public static TheoryData<string, string> Declarations => new()
    {
        { "PGX0001", "[PgTable, PartitionBy([[\"Nope\"]], PartitionKind.List), ListPartition(\"a{n}\", 1)] public sealed record T{n}(long Id, int P);" },
        { "PGX0002", "[PgTable, [[ListPartition(\"a{n}\", 1)]]] public sealed record T{n}(long Id, int P);" },
        { "PGX0003", "[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a{n}\", 1), [[RangePartition(\"b{n}\", 1, 2)]]] public sealed record T{n}(long Id, int P);" },
        { "PGX0004", "[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a{n}\", 1), ListPartition(\"b{n}\", [[1]])] public sealed record T{n}(long Id, int P);" },
        { "PGX0005", "[PgTable, PartitionBy(nameof(P), PartitionKind.Range), RangePartition(\"a{n}\", 0, 10), RangePartition(\"b{n}\", [[5]], 20)] public sealed record T{n}(long Id, int P);" },
        { "PGX0006", "[PgTable, PartitionBy(nameof(P), PartitionKind.Range), RangePartition(\"a{n}\", [[10, 10]])] public sealed record T{n}(long Id, int P);" },
        { "PGX0007", "[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a{n}\", [[\"one\"]])] public sealed record T{n}(long Id, int P);" },
        { "PGX0008", "[PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions([[0]])] public sealed record T{n}(long Id, int P);" },
        { "PGX0009", "[PgTable(\"t{n}\"), PartitionBy(nameof(P), PartitionKind.List), ListPartition([[\"t{n}\"]], 1)] public sealed record T{n}(long Id, int P);" },
        { "PGX0010", "[PgTable] public sealed record T{n}(long Id, Uri [[Link]]);" },
        { "PGX0011", "[PgTable] public sealed record [[T{n}]](long Number);" },
        { "PGX0012", "[PgTable([[\"a_table_name_that_is_much_too_long_for_postgresql_identifiers_xyz{n}\"]])] public sealed record T{n}(long Id);" },
        { "PGX0013", "[PgTable, ForeignTable([[\"nowhere\"]])] public sealed record T{n}(int Id);" },
        { "PGX0014", "[PgTable] public sealed record T{n}([property: PgKey, [[PgSequence(\"s{n}\")]]] Guid Id);" },
        { "PGX0015", "[PgTable] public sealed class [[T{n}]] { public long Id { get; set; } }" },
        { "PGX0016", "[PgTable, PartitionBy([[nameof(P)]], PartitionKind.List), ListPartition(\"a{n}\", 1)] public sealed record T{n}(long Id, int? P);" },
        { "PGX0017", "[PgTable, PartitionBy(nameof(P), PartitionKind.Hash), HashPartitions(2), [[DefaultPartition(\"t{n}_rest\")]]] public sealed record T{n}(long Id, int P);" },
        { "PGX0018", "[PgTable] public sealed record T{n}(long Id, [property: PgColumn([[Type = \"text; DROP TABLE users\"]])] string Name);" },
        { "PGX0019", "[PgTable] public sealed record T{n}(long Id, string Name, [property: PgColumn(\"name\")] string [[Other]]);" },
        { "PGX0020", "[PgTable, PgIndex([[\"Nope\"]])] public sealed record T{n}(long Id, string Name);" },
        { "PGX0021", "[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a{n}\", 1), PgIndex([[nameof(Name)]], Unique = true)] public sealed record T{n}(long Id, int P, string Name);" },
        { "PGX0022", "[PgTable, [[PartitionBy(nameof(P), PartitionKind.List)]]] public sealed record T{n}(long Id, int P);" },
        { "PGX0023", "[PgTable] public sealed record T{n}(long Id, [property: PgColumn([[\"\"]])] string Name);" },
        { "PGX0024", "[PgTable] public sealed record T{n}(long Id, string Text) { public string [[Shouted]] => Text.ToUpperInvariant(); }" },
        { "PGX0025", "[PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition(\"a{n}\", 1), PgIndex([[nameof(Email)]], Unique = true)] public sealed record T{n}(long Id, int P, string Email);" },
        { "PGX0026", "[PgTable, PartitionBy(nameof(Code), PartitionKind.List), ListPartition(\"a{n}\", \"x\")] public sealed record T{n}(long Id, [property: PgColumn([[Type = \"char(3)\"]])] string Code);" },
        { "PGX0027", "[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a{n}\", 1, [[40000]])] public sealed record T{n}(long Id, [property: PgColumn(Type = \"smallint\")] int P);" },
        { "PGX0028", "public enum State{n} { Open } [PgTable] public sealed record T{n}(long Id, [property: PgColumn([[Type = \"text\"]])] State{n} State);" },
        { "PGX0029", "[PgTable] public sealed record T{n}(long Id, [property: PgColumn([[DefaultSql = \"0;\"]])] int Qty);" },
        { "PGX0030", "[PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition(\"a{n}\", 1)] public sealed record T{n}([property: PgKey([[UseSequence = false]])] long Id, int P);" },
        { "PGX0031", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions([[\"1 fortnight\"]])] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0032", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions(\"1 month\", [[Start = \"2026-01-15\"]])] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0033", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions(\"1 month\", [[Retain = \"2 weeks\"]])] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0034", "[PgTable, PartitionBy(nameof(P), PartitionKind.Range), [[RollingPartitions(\"10\")]]] public sealed record T{n}(long Id, decimal P);" },
        { "PGX0035", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions(\"1 month\", Start = \"2026-01-01\"), [[RangePartition(\"a{n}\", \"2025-12-01\", \"2026-02-01\")]]] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0036", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions(\"1 day\", [[Premake = 0]])] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0037", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions(\"1 day\", [[Schedule = \"every hour\"]])] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0038", "[ [[PartitionBy(nameof(P), PartitionKind.List)]] ] public sealed record T{n}(long Id, int P);" },
        { "PGX0039", "[PgTable, PartitionBy(nameof(At), PartitionKind.Range, Routing = PartitionRouting.Trigger), RollingPartitions(\"1 day\", [[Maintainer = PartitionMaintainer.PgPartman]])] public sealed record T{n}(long Id, DateTimeOffset At);" },
        { "PGX0040", "[assembly: ForeignServer(\"s{n}\")] [assembly: ForeignServer([[\"s{n}\"]])]" },
        { "PGX0041", "[assembly: ForeignServer(\"s{n}\", [[Port = 70000]])]" },
        { "PGX0042", "[assembly: ForeignServer(\"s{n}\")] [assembly: ImportForeignSchema(\"s{n}\", LocalSchema = \"l{n}\", LimitTo = new[] { \"users\" }, [[Except = new[] { \"logs\" }]])]" },
        { "PGX0043", "[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a{n}\", 1, Server = \"shard\"), PgIndex(nameof(P), [[Unique = true]])] public sealed record T{n}(long Id, int P);" },
        { "PGX0044", "[PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition(\"a{n}\", 1, [[Server = \"shard\"]])] public sealed record T{n}(long Id, int P);" },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public Task A_pragma_silences_the_rule_between_disable_and_restore(string rule, string declaration)
    {
        var test = Test(
            $"""
            {Usings}
            #pragma warning disable {rule}
            {declaration.Replace("{n}", "1").Replace("[[", "").Replace("]]", "")}
            #pragma warning restore {rule}
            {declaration.Replace("{n}", "2").Replace("[[", "{|" + rule + ":").Replace("]]", "|}")}
            """);

        // The framework's own file-wide pragma check would meet the restore here and fail for the wrong reason.
        test.TestBehaviors = TestBehaviors.SkipSuppressionCheck;
        return test.RunAsync();
    }

    [Fact]
    public void Every_model_rule_has_a_case()
    {
        var covered = Declarations.Select(row => (string)row[0]).OrderBy(id => id, StringComparer.Ordinal);
        Assert.Equal(ModelRules, covered);
    }
}
