using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.CodeFixes;
using Pgx.Generators.Tests.Harness;
using static Pgx.Generators.Tests.Sql.RepositoryCodeFixTests;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0103's fix to UpsertAsync and PGX0107's fix to MoveAsync: the flagged Dapper call becomes the generated
/// repository's method, and the fixed project compiles warning-free against the generated repository.
/// </summary>
public sealed class RepositoryUpsertAndMoveFixTests : RuleTests
{
    public RepositoryUpsertAndMoveFixTests()
        : base("PGX0103", "PGX0107")
    {
    }

    private static DiagnosticResult Upsert() => Diagnostic("PGX0103", 0, "public.t", "record Shop.T");

    private static DiagnosticResult Move() => Diagnostic("PGX0107", 0, "public.t", "p", "record Shop.T");

    [Theory]
    [InlineData(
        "await connection.ExecuteAsync({|#0:\"INSERT INTO t (id, p, value) VALUES (@Id, @P, @Value) ON CONFLICT (id) DO UPDATE SET value = excluded.value\"|}, row, transaction);\n            return null;",
        "await new TRepository(connection, transaction).UpsertAsync(row);\n            return null;")]
    [InlineData(
        "var saved = await connection.QuerySingleAsync<T>({|#0:\"INSERT INTO t (id, p, value) VALUES (@Id, @P, @Value) ON CONFLICT (id) DO UPDATE SET value = excluded.value RETURNING *\"|}, row);\n            return saved;",
        "var saved = await new TRepository(connection).UpsertAsync(row);\n            return saved;")]
    public Task PGX0103_the_upsert_becomes_UpsertAsync(string body, string expected) =>
        RunFixAsync(Source(body), Source(expected), OnConflictCodeFixProvider.RepositoryKey, Upsert());

    [Fact]
    public Task PGX0107_the_update_becomes_MoveAsync_with_the_previous_value_in_scope() =>
        RunFixAsync(
            Source("int oldP = 1;\n            await connection.ExecuteAsync({|#0:\"UPDATE t SET p = @P, value = @Value WHERE id = @Id\"|}, row, transaction);\n            return oldP;"),
            Source("int oldP = 1;\n            await new TRepository(connection, transaction).MoveAsync(row, oldP);\n            return oldP;"),
            PartitionKeyUpdateCodeFixProvider.RepositoryKey,
            Move());

    [Theory]
    [InlineData("await connection.ExecuteAsync({|#0:\"UPDATE t SET p = @P WHERE id = @Id\"|}, row);\n            return null;")]
    [InlineData("int oldP = 1, previousP = 2;\n            await connection.ExecuteAsync({|#0:\"UPDATE t SET p = @P WHERE id = @Id\"|}, row);\n            return oldP + previousP;")]
    [InlineData("long oldP = 1;\n            await connection.ExecuteAsync({|#0:\"UPDATE t SET p = @P WHERE id = @Id\"|}, row);\n            return oldP;")]
    [InlineData("int oldP = 1;\n            await connection.ExecuteAsync({|#0:\"UPDATE t SET p = @P WHERE id = @id\"|}, new { row.P, id = row.Id });\n            return oldP;")]
    public Task PGX0107_not_offered_without_exactly_one_previous_value_or_without_the_record(string body)
    {
        var source = Source(body, members: UsesRepository);
        var test = Test(source, Move());
        test.FixedCode = source;
        test.CodeActionEquivalenceKey = PartitionKeyUpdateCodeFixProvider.RepositoryKey;
        test.RunsGenerator = true;
        return test.RunAsync();
    }

    private Task RunFixAsync(string source, string fixedSource, string key, DiagnosticResult expected)
    {
        var test = Test(source, expected);
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = key;
        test.RunsGenerator = true;
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings; // before and after the fix, generated code included
        return test.RunAsync();
    }
}
