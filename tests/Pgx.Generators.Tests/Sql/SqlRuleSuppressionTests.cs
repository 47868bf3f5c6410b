using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// Each SQL rule is reported where a <c>#pragma warning disable</c> of it reaches: silenced between disable and
/// restore, reported again after. (Every rule test also repeats its check under a file-wide pragma.)
/// </summary>
public sealed class SqlRuleSuppressionTests : RuleTests
{
    public SqlRuleSuppressionTests()
        : base(SqlRules)
    {
    }

    /// <summary>Per rule, a statement that fires it, its SQL (or call) between [[ and ]], and whether it needs the foreign models.</summary>
    public static TheoryData<string, string, bool> Statements => new()
    {
        { "PGX0101", "connection.Execute([[\"INSERT INTO t (p) VALUES (1) RETURNING id\"]]);", false },
        { "PGX0102", "connection.Execute([[\"SELECT * FROM t WHERE id = currval('t_id_seq')\"]]);", false },
        { "PGX0103", "connection.Execute([[\"INSERT INTO t (id, p) VALUES (1, 1) ON CONFLICT DO NOTHING\"]]);", false },
        { "PGX0104", "connection.Execute([[\"DELETE FROM app.users\"]]);", true },
        { "PGX0105", "_ = [[db.Set<T>()]];", false },
        { "PGX0106", "connection.Execute([[\"SELECT * FROM app.users, billing.invoices\"]]);", true },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public Task A_pragma_silences_the_rule_between_disable_and_restore(string rule, string statement, bool foreign)
    {
        var test = Test(SqlCallSiteSources.Method(
            $"""
            #pragma warning disable {rule}
                    {statement.Replace("[[", "").Replace("]]", "")}
            #pragma warning restore {rule}
                    {statement.Replace("[[", "{|" + rule + ":").Replace("]]", "|}")}
            """,
            models: foreign ? SqlCallSiteSources.ForeignModels : null));

        // The framework's own file-wide pragma check would meet the restore here and fail for the wrong reason.
        test.TestBehaviors = TestBehaviors.SkipSuppressionCheck;
        return test.RunAsync();
    }
}
