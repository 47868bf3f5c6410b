using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Npgsql;
using Pgx.Generators.CodeFixes;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Sql;

/// <summary>A fresh database for running fixed code; each test applies the schema its own compilation generated.</summary>
public sealed class CodeFixDatabase : IAsyncLifetime
{
    /// <summary>A data source on the database.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        DataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync(nameof(RepositoryCodeFixTests)));
    }

    /// <inheritdoc/>
    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}

/// <summary>
/// PGX0101's second fix: an awaited Dapper insert of a record becomes the generated repository's InsertAsync.
/// The project runs the real Pgx generator (as an analyzer reference of the workspace project, like a package
/// reference), so the fix sees the generated TRepository, the fixed project compiles against it warning-free,
/// and the fixed code, compiled and loaded, inserts into a real PostgreSQL and gets the key back.
/// </summary>
public sealed class RepositoryCodeFixTests : IClassFixture<CodeFixDatabase>
{
    private const string TriggerRouted = """
            [PgTable("t")]
            [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("t1", 1)]
            [ListPartition("t2", 2)]
            public sealed record T([property: PgKey] long Id, int P, string? Value);
        """;

    private readonly CodeFixDatabase _db;

    public RepositoryCodeFixTests(CodeFixDatabase db) => _db = db;

    private static string Source(string body, string model = TriggerRouted) => """
        using System.Threading.Tasks;
        using Dapper;
        using Npgsql;
        using Pgx;

        namespace Shop
        {

        """ + model + """

            public static class Orders
            {
                public static async Task<object?> Run(NpgsqlConnection connection, NpgsqlTransaction? transaction, System.Data.IDbConnection untyped, T row)
                {
        """ + body + """

                }
            }
        }
        """;

    /// <summary>Before → after, and what the fixed code hands back at run time.</summary>
    public static TheoryData<string, string, string> Fixes => new()
    {
        {
            "var saved = await connection.QuerySingleAsync<T>(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING *\", row);\n            return saved;",
            "var saved = await new TRepository(connection).InsertAsync(row);\n            return saved;",
            "row"
        },
        {
            "long id = await connection.ExecuteScalarAsync<long>(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id\", row, transaction);\n            return id;",
            "long id = (await new TRepository(connection, transaction).InsertAsync(row)).Id;\n            return id;",
            "key"
        },
        {
            "await connection.ExecuteAsync(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id\", param: row);\n            return null;",
            "await new TRepository(connection).InsertAsync(row);\n            return null;",
            "nothing"
        },
        {
            "T? first = await connection.QueryFirstOrDefaultAsync<T>(\"INSERT INTO public.t (p, value) VALUES (@P, @Value) RETURNING *\", row);\n            return first;",
            "T? first = await new TRepository(connection).InsertAsync(row);\n            return first;",
            "row"
        },
    };

    [Theory]
    [MemberData(nameof(Fixes))]
    public async Task The_call_becomes_the_generated_repository_insert_and_compiles_warning_free(string body, string expected, string returns)
    {
        _ = returns;
        using var run = WorkspaceRun.Create(new[] { Source(body) }, generator: true);
        Assert.Contains("Shop.T.Pgx.g.cs", await run.GeneratedHintNamesAsync());
        Assert.Empty(await run.CompilerWarningsAndErrorsAsync());

        await run.ApplyAsync(new ReturningCodeFixProvider(), "PGX0101", ReturningCodeFixProvider.RepositoryKey);

        Assert.Equal(Source(expected), await run.TextAsync());
        Assert.Contains("Shop.T.Pgx.g.cs", await run.GeneratedHintNamesAsync());
        var repository = (await run.CompilationAsync()).GetTypeByMetadataName("Shop.TRepository");
        Assert.NotNull(repository);
        Assert.All(repository!.DeclaringSyntaxReferences, r => Assert.EndsWith("Shop.T.Pgx.g.cs", r.SyntaxTree.FilePath, StringComparison.Ordinal));
        Assert.Empty(await run.CompilerWarningsAndErrorsAsync());
        Assert.DoesNotContain(await run.DiagnosticsAsync(), d => d.Id == "PGX0101");
    }

    [Theory]
    [MemberData(nameof(Fixes))]
    public async Task The_fixed_code_gets_the_key_back_from_a_real_postgresql(string body, string expected, string returns)
    {
        _ = expected;
        using var run = WorkspaceRun.Create(new[] { Source(body) }, generator: true);
        var before = Load(await run.CompilationAsync());
        await run.ApplyAsync(new ReturningCodeFixProvider(), "PGX0101", ReturningCodeFixProvider.RepositoryKey);
        var after = Load(await run.CompilationAsync());

        await using (var schema = _db.DataSource.CreateCommand(Constant(after, "Pgx.Generated.PgxSchema", "Sql")))
        {
            await schema.ExecuteNonQueryAsync();
        }

        // Before the fix, RETURNING through the routing trigger hands back nothing: no row, or a key of 0.
        var marker = Guid.NewGuid().ToString("N");
        var lost = await InvokeAsync(before, 2, "before " + marker);
        Assert.True(lost is Exception or null or 0L, "the unfixed call returned " + lost);

        var result = await InvokeAsync(after, 1, "after " + marker);
        Assert.False(result is Exception, result?.ToString());
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var stored = new NpgsqlCommand("SELECT id, tableoid::regclass::text FROM t WHERE value = $1", connection) { Parameters = { new() { Value = "after " + marker } } };
        await using var reader = await stored.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the fixed code stored no row");
        var (id, child) = (reader.GetInt64(0), reader.GetString(1));
        Assert.False(await reader.ReadAsync());
        Assert.Equal("t1", child);

        switch (returns)
        {
            case "row":
                Assert.Equal(id, (long)result!.GetType().GetProperty("Id")!.GetValue(result)!);
                Assert.Equal("after " + marker, result.GetType().GetProperty("Value")!.GetValue(result));
                break;
            case "key":
                Assert.Equal(id, result);
                break;
            default:
                Assert.Null(result);
                break;
        }
    }

    [Theory]
    [InlineData("return await connection.QuerySingleAsync<long>(\"INSERT INTO t (p) VALUES (@p) RETURNING id\", new { p = 1 });")]
    [InlineData("return await untyped.QuerySingleAsync<T>(\"INSERT INTO t (p) VALUES (@P) RETURNING *\", row);")]
    [InlineData("return connection.QuerySingle<T>(\"INSERT INTO t (p) VALUES (@P) RETURNING *\", row);")]
    [InlineData("var n = await connection.ExecuteAsync(\"INSERT INTO t (p) VALUES (@P) RETURNING id\", row);\n            return n;")]
    [InlineData("var p = await connection.ExecuteScalarAsync<int>(\"INSERT INTO t (p) VALUES (@P) RETURNING p\", row);\n            return p;")]
    public async Task Not_offered_where_the_repository_cannot_stand_in(string body)
    {
        using var run = WorkspaceRun.Create(new[] { Source(body) }, generator: true);
        Assert.Contains("Shop.T.Pgx.g.cs", await run.GeneratedHintNamesAsync());
        Assert.Empty(await run.CompilerErrorsAsync());
        var fixes = await run.FixesAsync(new ReturningCodeFixProvider(), "PGX0101");
        Assert.DoesNotContain(fixes, f => f.EquivalenceKey == ReturningCodeFixProvider.RepositoryKey);
    }

    private const string QuerySingle = "var saved = await connection.QuerySingleAsync<T>(\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING *\", row);\n            return saved;";

    [Fact]
    public async Task Not_offered_when_the_project_does_not_run_the_generator()
    {
        using var run = WorkspaceRun.Create(new[] { Source(QuerySingle) });
        Assert.Empty(await run.GeneratedHintNamesAsync());
        var fixes = await run.FixesAsync(new ReturningCodeFixProvider(), "PGX0101");
        Assert.DoesNotContain(fixes, f => f.EquivalenceKey == ReturningCodeFixProvider.RepositoryKey);
    }

    [Fact]
    public async Task Not_offered_for_a_record_that_gets_no_repository()
    {
        // A required member the repository cannot set: PGX0024 says so, and the fix must not call a class that is not there.
        const string model = """
                [PgTable("t")]
                [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
                [ListPartition("t1", 1)]
                public sealed record T([property: PgKey] long Id, int P, string? Value)
                {
                    [PgIgnore] public required string Origin { get; init; }
                }
            """;
        using var run = WorkspaceRun.Create(new[] { Source(QuerySingle, model) }, generator: true);
        Assert.DoesNotContain("Shop.T.Pgx.g.cs", await run.GeneratedHintNamesAsync());
        Assert.Empty(await run.CompilerErrorsAsync());
        Assert.Contains(await run.DiagnosticsAsync(), d => d.Id == "PGX0024" && d.GetMessage().StartsWith("Pgx generates no TRepository", StringComparison.Ordinal));

        var fixes = await run.FixesAsync(new ReturningCodeFixProvider(), "PGX0101");
        Assert.DoesNotContain(fixes, f => f.EquivalenceKey == ReturningCodeFixProvider.RepositoryKey);
    }

    /// <summary>Emits <paramref name="compilation"/> (generated sources included) and loads it on its own.</summary>
    private static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("codefix-" + Guid.NewGuid().ToString("N")).LoadFromStream(image);
    }

    private static string Constant(Assembly assembly, string type, string field) =>
        (string)assembly.GetType(type, throwOnError: true)!.GetField(field, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    /// <summary>Runs Orders.Run with a new T(0, p, value) in a transaction it commits; an exception is returned, not thrown.</summary>
    private async Task<object?> InvokeAsync(Assembly assembly, int p, string value)
    {
        var row = Activator.CreateInstance(assembly.GetType("Shop.T", throwOnError: true)!, 0L, p, value);
        var run = assembly.GetType("Shop.Orders", throwOnError: true)!.GetMethod("Run")!;
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            var result = await (Task<object?>)run.Invoke(null, new[] { connection, transaction, connection, row })!;
            await transaction.CommitAsync();
            return result;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PostgresException)
        {
            return ex;
        }
    }
}
