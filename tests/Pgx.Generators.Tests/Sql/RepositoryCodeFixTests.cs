using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
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
/// The project runs the real Pgx generator (as an analyzer reference of the project, like a package reference),
/// so the fix sees the generated TRepository and the fixed project compiles against it warning-free; the fixed
/// code, compiled through the generator and loaded, inserts into a real PostgreSQL and gets the key back.
/// </summary>
public sealed class RepositoryCodeFixTests : RuleTests, IClassFixture<CodeFixDatabase>
{
    internal const string TriggerRouted = """
            [PgTable("t")]
            [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("t1", 1)]
            [ListPartition("t2", 2)]
            public sealed record T([property: PgKey] long Id, int P, string? Value);
        """;

    /// <summary>A member that compiles only where the generator ran and made TRepository.</summary>
    internal const string UsesRepository = "        public static TRepository Repository(NpgsqlConnection connection) => new(connection);\n";

    private const string Fix = ReturningCodeFixProvider.RepositoryKey;

    private readonly CodeFixDatabase _db;

    public RepositoryCodeFixTests(CodeFixDatabase db)
        : base("PGX0101") => _db = db;

    internal static string Source(string body, string model = TriggerRouted, string members = "") => """
        using System.Threading.Tasks;
        using Dapper;
        using Npgsql;
        using Pgx;

        namespace Shop
        {

        """ + model + """

            public static class Orders
            {

        """ + members + """
                public static async Task<object?> Run(NpgsqlConnection connection, NpgsqlTransaction? transaction, System.Data.IDbConnection untyped, T row)
                {
        """ + body + """

                }
            }
        }
        """;

    /// <summary>PGX0101 at location 0 on the table of the record Shop.T.</summary>
    private static DiagnosticResult OnT(string table = "public.t") => Diagnostic("PGX0101").WithLocation(0).WithArguments(table, "record Shop.T");

    /// <summary>Before (the flagged SQL at location 0) → after, and what the fixed code hands back at run time.</summary>
    public static TheoryData<string, string, string> Fixes => new()
    {
        {
            "var saved = await connection.QuerySingleAsync<T>({|#0:\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING *\"|}, row);\n            return saved;",
            "var saved = await new TRepository(connection).InsertAsync(row);\n            return saved;",
            "row"
        },
        {
            "long id = await connection.ExecuteScalarAsync<long>({|#0:\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id\"|}, row, transaction);\n            return id;",
            "long id = (await new TRepository(connection, transaction).InsertAsync(row)).Id;\n            return id;",
            "key"
        },
        {
            "await connection.ExecuteAsync({|#0:\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id\"|}, param: row);\n            return null;",
            "await new TRepository(connection).InsertAsync(row);\n            return null;",
            "nothing"
        },
        {
            "T? first = await connection.QueryFirstOrDefaultAsync<T>({|#0:\"INSERT INTO public.t (p, value) VALUES (@P, @Value) RETURNING *\"|}, row);\n            return first;",
            "T? first = await new TRepository(connection).InsertAsync(row);\n            return first;",
            "row"
        },
    };

    [Theory]
    [MemberData(nameof(Fixes))]
    public Task The_call_becomes_the_generated_repository_insert_and_compiles_warning_free(string body, string expected, string returns)
    {
        _ = returns;
        var test = Test(Source(body), OnT());
        test.FixedCode = Source(expected);
        test.CodeActionEquivalenceKey = Fix;
        test.RunsGenerator = true;
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings; // before and after the fix, generated code included
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_turns_every_insert_of_the_record_into_the_repository_call()
    {
        var test = Test(
            Source("""
                var first = await connection.QuerySingleAsync<T>({|#0:"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING *"|}, row);
                        long id = await connection.ExecuteScalarAsync<long>({|#1:"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING id"|}, row with { Value = "second" }, transaction);
                        return (first, id);
                """),
            OnT(),
            Diagnostic("PGX0101").WithLocation(1).WithArguments("public.t", "record Shop.T"));
        test.FixedCode = Source("""
            var first = await new TRepository(connection).InsertAsync(row);
                    long id = (await new TRepository(connection, transaction).InsertAsync(row with { Value = "second" })).Id;
                    return (first, id);
            """);
        test.CodeActionEquivalenceKey = Fix;
        test.RunsGenerator = true;
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;
        return test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(Fixes))]
    public async Task The_fixed_code_gets_the_key_back_from_a_real_postgresql(string body, string expected, string returns)
    {
        // The fix's output is the expected source (the test above checks it); build both the way dotnet build does.
        var beforeRun = GeneratorRun.Of(Source(body.Replace("{|#0:", "").Replace("|}", "")));
        var afterRun = GeneratorRun.Of(Source(expected));
        Assert.Contains("Shop.T.Pgx.g.cs", afterRun.Sources.Keys);
        var repository = afterRun.Output.GetTypeByMetadataName("Shop.TRepository");
        Assert.NotNull(repository);
        Assert.All(repository!.DeclaringSyntaxReferences, r => Assert.EndsWith("Shop.T.Pgx.g.cs", r.SyntaxTree.FilePath, StringComparison.Ordinal));
        var before = Load(beforeRun.Output);
        var after = Load(afterRun.Output);

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
    [InlineData("return await connection.QuerySingleAsync<long>({|#0:\"INSERT INTO t (p) VALUES (@p) RETURNING id\"|}, new { p = 1 });")]
    [InlineData("return await untyped.QuerySingleAsync<T>({|#0:\"INSERT INTO t (p) VALUES (@P) RETURNING *\"|}, row);")]
    [InlineData("return connection.QuerySingle<T>({|#0:\"INSERT INTO t (p) VALUES (@P) RETURNING *\"|}, row);")]
    [InlineData("var n = await connection.ExecuteAsync({|#0:\"INSERT INTO t (p) VALUES (@P) RETURNING id\"|}, row);\n            return n;")]
    [InlineData("var p = await connection.ExecuteScalarAsync<int>({|#0:\"INSERT INTO t (p) VALUES (@P) RETURNING p\"|}, row);\n            return p;")]
    public Task Not_offered_where_the_repository_cannot_stand_in(string body)
    {
        // UsesRepository compiles only if the generator ran: the fix is missing although the repository is there.
        var source = Source(body, members: UsesRepository);
        var test = Test(source, OnT());
        test.FixedCode = source;
        test.CodeActionEquivalenceKey = Fix;
        test.RunsGenerator = true;
        return test.RunAsync();
    }

    private const string QuerySingle = "var saved = await connection.QuerySingleAsync<T>({|#0:\"INSERT INTO t (p, value) VALUES (@P, @Value) RETURNING *\"|}, row);\n            return saved;";

    [Fact]
    public Task Not_offered_when_the_project_does_not_run_the_generator() =>
        VerifyNoFixAsync(Source(QuerySingle), Fix, OnT());

    [Fact]
    public Task Not_offered_for_a_record_that_gets_no_repository()
    {
        // A required member the repository cannot set: PGX0024 says so, and the fix must not call a class that is not there.
        const string model = """
                [PgTable("t")]
                [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
                [ListPartition("t1", 1)]
                public sealed record T([property: PgKey] long Id, int P, string? Value)
                {
                    [PgIgnore] public required string {|#1:Origin|} { get; init; }
                }
            """;
        var source = Source(QuerySingle, model);
        var test = Test(
            source,
            OnT(),
            Diagnostic("PGX0024").WithLocation(1).WithArguments(
                "Pgx generates no TRepository",
                "the required member 'Origin' is not mapped to a column, so the new T(…) { … } that builds the rows it reads would not compile (CS9035)",
                "map it as a property column with a public set or init accessor, or drop 'required'"));
        test.FixedCode = source;
        test.CodeActionEquivalenceKey = Fix;
        test.RunsGenerator = true;
        return test.RunAsync();
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
