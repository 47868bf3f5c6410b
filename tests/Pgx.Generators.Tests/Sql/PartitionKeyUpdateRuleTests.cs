using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>PGX0107: an UPDATE that sets the partition key of a trigger-routed table, and what it leaves alone.</summary>
public sealed class PartitionKeyUpdateRuleTests : RuleTests
{
    public PartitionKeyUpdateRuleTests()
        : base("PGX0107")
    {
    }

    private static DiagnosticResult On(int location) => Diagnostic("PGX0107", location, "public.t", "p", "record T");

    [Fact]
    public Task Fires_when_the_set_clause_assigns_the_partition_key() =>
        VerifyAsync(
            SqlCallSiteSources.Method("""
                connection.Execute({|#0:"UPDATE t SET p = @p WHERE id = @id"|});
                connection.Execute({|#1:"update ONLY public.t AS x SET value = 'v', \"p\" = 2 WHERE x.id = 1"|});
                connection.Execute({|#2:"UPDATE t SET (value, p) = ('v', 2) WHERE id = 1"|});
                connection.Execute({|#3:"WITH c AS (UPDATE t SET p = 2 WHERE id = 1 RETURNING id) SELECT id FROM c"|});
                """),
            On(0),
            On(1),
            On(2),
            On(3));

    [Fact]
    public Task Leaves_other_columns_other_tables_and_conditions_alone() =>
        VerifyAsync(
            SqlCallSiteSources.Method("""
                connection.Execute("UPDATE t SET value = @value WHERE id = @id AND p = @p");
                connection.Execute("UPDATE t SET value = coalesce(value, 'p') || p WHERE p = 1");
                connection.Execute("UPDATE t SET value = (SELECT p FROM t1 WHERE id = 1) WHERE id = 1");
                connection.Execute("UPDATE t1 SET p = 1 WHERE id = 1");
                connection.Execute("UPDATE telemetry.events SET at = now() WHERE id = 1");
                connection.Execute("UPDATE plain SET name = 'p' FROM t WHERE t.p = 1");
                connection.Execute("UPDATE t SET value = 'x' -- , p = 2");
                connection.Execute("SELECT 'UPDATE t SET p = 2'");
                """));
}
