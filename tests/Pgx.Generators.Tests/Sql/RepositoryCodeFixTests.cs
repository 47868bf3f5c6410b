using System.Threading.Tasks;
using Pgx.Generators.CodeFixes;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0101's second fix: an awaited Dapper insert of a record becomes the generated repository's InsertAsync.
/// The generated repositories are another issue's work; until they land, <see cref="Repository"/> declares
/// TRepository with exactly SPEC's public signatures, so the produced text is checked against the SPEC API.
/// Compiling the fixed code against the real generated repository is left for when RepositoryEmitter lands.
/// </summary>
public sealed class RepositoryCodeFixTests
{
    private const string Repository = """
        namespace Shop
        {
            // SPEC's API of the generated repository (stand-in until the generator emits it).
            public sealed partial class TRepository
            {
                public TRepository(NpgsqlDataSource dataSource) { }
                public TRepository(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) { }
                public Task<T> InsertAsync(T row, System.Threading.CancellationToken ct = default) => Task.FromResult(row);
            }
        }

        """;

    private static string Source(string body, bool withRepository = true) => """
        using System.Threading.Tasks;
        using Dapper;
        using Npgsql;
        using Pgx;

        """ + (withRepository ? Repository : "") + """
        namespace Shop
        {
            [PgTable("t")]
            [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("t1", 1)]
            public sealed record T([property: PgKey] long Id, int P, string? Value);

            public sealed class Orders
            {
                public async Task<object> Run(NpgsqlConnection connection, NpgsqlTransaction transaction, System.Data.IDbConnection untyped, T row)
                {
        """ + body + """

                    return row;
                }
            }
        }
        """;

    [Theory]
    [InlineData(
        "var saved = await connection.QuerySingleAsync<T>(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING *\", row);",
        "var saved = await new TRepository(connection).InsertAsync(row);")]
    [InlineData(
        "long id = await connection.ExecuteScalarAsync<long>(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id\", row, transaction);",
        "long id = (await new TRepository(connection, transaction).InsertAsync(row)).Id;")]
    [InlineData(
        "await connection.ExecuteAsync(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id\", param: row);",
        "await new TRepository(connection).InsertAsync(row);")]
    [InlineData(
        "T? first = await connection.QueryFirstOrDefaultAsync<T>(\"INSERT INTO public.t (p) VALUES (@P) RETURNING *\", row);",
        "T? first = await new TRepository(connection).InsertAsync(row);")]
    public async Task The_call_becomes_the_repository_insert(string body, string expected)
    {
        using var run = WorkspaceRun.Create(new[] { Source(body) });
        await run.ApplyAsync(new ReturningCodeFixProvider(), "PGX0101", ReturningCodeFixProvider.RepositoryKey);

        Assert.Equal(Source(expected), await run.TextAsync());
        Assert.Empty(await run.CompilerErrorsAsync());
        Assert.DoesNotContain(await run.DiagnosticsAsync(), d => d.Id == "PGX0101");
    }

    [Theory]
    [InlineData("await connection.QuerySingleAsync<long>(\"INSERT INTO t (p) VALUES (@p) RETURNING id\", new { p = 1 });", true)]
    [InlineData("await untyped.QuerySingleAsync<T>(\"INSERT INTO t (p) VALUES (@P) RETURNING *\", row);", true)]
    [InlineData("connection.QuerySingle<T>(\"INSERT INTO t (p) VALUES (@P) RETURNING *\", row);", true)]
    [InlineData("var n = await connection.ExecuteAsync(\"INSERT INTO t (p) VALUES (@P) RETURNING id\", row);", true)]
    [InlineData("var p = await connection.ExecuteScalarAsync<int>(\"INSERT INTO t (p) VALUES (@P) RETURNING p\", row);", true)]
    [InlineData("var saved = await connection.QuerySingleAsync<T>(\"INSERT INTO t (p) VALUES (@P) RETURNING *\", row);", false)]
    public async Task Not_offered_where_the_repository_cannot_stand_in(string body, bool withRepository)
    {
        using var run = WorkspaceRun.Create(new[] { Source(body, withRepository) });
        Assert.Empty(await run.CompilerErrorsAsync());
        var fixes = await run.FixesAsync(new ReturningCodeFixProvider(), "PGX0101");
        Assert.DoesNotContain(fixes, f => f.EquivalenceKey == ReturningCodeFixProvider.RepositoryKey);
    }
}
