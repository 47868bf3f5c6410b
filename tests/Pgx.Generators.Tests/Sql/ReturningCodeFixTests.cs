using System.Threading.Tasks;
using Dapper;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.CodeFixes;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0101's SQL rewrite, applied one diagnostic at a time and all at once: the fixed code compiles, PGX0101 is
/// gone, and the rewritten SQL does on PostgreSQL what RETURNING could not.
/// </summary>
public sealed class ReturningCodeFixTests : RuleTests, IClassFixture<TriggerRoutedDatabase>
{
    private const string Rewrite = ReturningCodeFixProvider.NextvalFirstKey;

    private readonly TriggerRoutedDatabase _db;

    public ReturningCodeFixTests(TriggerRoutedDatabase db)
        : base("PGX0101") => _db = db;

    /// <summary>PGX0101 at <paramref name="location"/> on the trigger-routed table t.</summary>
    private static DiagnosticResult OnT(int location) => Diagnostic("PGX0101").WithLocation(location).WithArguments("public.t", "record T");

    /// <summary>Before (the flagged SQL at location 0) and after.</summary>
    public static TheoryData<string, string> Rewrites() => new()
    {
        {
            "connection.ExecuteScalar<long>({|#0:\"INSERT INTO t (p, value) VALUES (@p, @value) RETURNING id\"|}, new { p, value = \"x\" });",
            "connection.ExecuteScalar<long>(\"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p, value) SELECT pgx_key.id, @p, @value FROM pgx_key) SELECT id FROM pgx_key\", new { p, value = \"x\" });"
        },
        {
            "connection.ExecuteScalar<long>({|#0:@\"INSERT INTO public.t AS x (id, p) VALUES (DEFAULT, @p) RETURNING x.id;\"|}, new { p });",
            "connection.ExecuteScalar<long>(@\"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO public.t AS x (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key;\", new { p });"
        },
        {
            "connection.ExecuteScalar<long>({|#0:\"\"\"INSERT INTO t (p) VALUES (@p) RETURNING id\"\"\"|}, new { p });",
            "connection.ExecuteScalar<long>(\"\"\"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key\"\"\", new { p });"
        },
        {
            "connection.ExecuteScalar<long>({|#0:\"\"\"\n            INSERT INTO t (p, value)\n            VALUES (@p, 'it''s \"quoted\"')\n            RETURNING id\n            \"\"\"|}, new { p });",
            "connection.ExecuteScalar<long>(\"\"\"\n            WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p, value)\n            SELECT pgx_key.id, @p, 'it''s \"quoted\"' FROM pgx_key)\n            SELECT id FROM pgx_key\n            \"\"\", new { p });"
        },
        {
            "var sql = \"INSERT INTO t (p) VALUES (@p) RETURNING id\"; connection.ExecuteScalar<long>({|#0:sql|}, new { p });",
            "var sql = \"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key\"; connection.ExecuteScalar<long>(sql, new { p });"
        },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public Task Nextval_first_rewrite_compiles_and_no_longer_fires(string body, string expected) =>
        VerifyFixAsync(SqlCallSiteSources.Method(body), SqlCallSiteSources.Method(expected), Rewrite, OnT(0));

    [Fact]
    public Task A_const_in_another_file_is_rewritten_where_it_is_declared()
    {
        var test = Test(SqlCallSiteSources.Method("connection.ExecuteScalar<long>({|#0:Queries.InsertT|}, new { p });"), OnT(0));
        test.TestState.Sources.Add("public static class Queries { public const string InsertT = \"INSERT INTO t (p) VALUES (@p) RETURNING id\"; }");
        test.FixedState.Sources.Add(SqlCallSiteSources.Method("connection.ExecuteScalar<long>(Queries.InsertT, new { p });"));
        test.FixedState.Sources.Add("public static class Queries { public const string InsertT = \"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key\"; }");
        test.CodeActionEquivalenceKey = Rewrite;
        return test.RunAsync();
    }

    [Fact]
    public Task A_table_known_only_from_an_attribute_gets_its_sequence_at_run_time()
    {
        static string Source(string sql) => SqlCallSiteSources.Method($"connection.ExecuteScalar<long>({sql}, new {{ p }});", withTables: false)
            .Replace("using Pgx;\n", "using Pgx;\n[assembly: TriggerRoutedTable(\"sales.orders\")]\n");
        return VerifyFixAsync(
            Source("{|#0:\"INSERT INTO sales.orders (total) VALUES (@p) RETURNING order_id\"|}"),
            Source("\"WITH pgx_key AS (SELECT nextval(pg_get_serial_sequence('sales.orders', 'order_id')) AS order_id), pgx_insert AS (INSERT INTO sales.orders (order_id, total) SELECT pgx_key.order_id, @p FROM pgx_key) SELECT order_id FROM pgx_key\""),
            Rewrite,
            Diagnostic("PGX0101").WithLocation(0).WithArguments("sales.orders", "[assembly: TriggerRoutedTable(\"sales.orders\")] in TestProject"));
    }

    [Fact]
    public Task Fix_all_rewrites_every_insert_in_the_document_project_and_solution_and_leaves_what_it_cannot()
    {
        // Fixed one at a time, then by the fix-all provider (BatchFixer) in document, project and solution scope: the same
        // result. Two calls share one const: both fixes rewrite its literal, once.
        var test = Test(
            SqlCallSiteSources.Method("""
                connection.ExecuteScalar<long>({|#0:"INSERT INTO t (p) VALUES (@p) RETURNING id"|}, new { p });
                connection.ExecuteScalar<long>({|#1:"INSERT INTO public.t (p, value) VALUES (@p, 'x') RETURNING id"|}, new { p });
                connection.Execute([|"INSERT INTO t (p) VALUES (1), (2) RETURNING id"|]);
                connection.ExecuteScalar<long>({|#2:Queries.InsertT|}, new { p });
                connection.ExecuteScalar<long>({|#3:Queries.InsertT|}, new { p = p + 1 });
                """),
            OnT(0),
            OnT(1),
            OnT(2),
            OnT(3));
        test.TestState.Sources.Add("public static class Queries { public const string InsertT = \"INSERT INTO t (p, value) VALUES (@p, 'y') RETURNING id\"; }");
        test.FixedState.Sources.Add(SqlCallSiteSources.Method("""
            connection.ExecuteScalar<long>("WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key", new { p });
            connection.ExecuteScalar<long>("WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO public.t (id, p, value) SELECT pgx_key.id, @p, 'x' FROM pgx_key) SELECT id FROM pgx_key", new { p });
            connection.Execute([|"INSERT INTO t (p) VALUES (1), (2) RETURNING id"|]);
            connection.ExecuteScalar<long>(Queries.InsertT, new { p });
            connection.ExecuteScalar<long>(Queries.InsertT, new { p = p + 1 });
            """));
        test.FixedState.Sources.Add("public static class Queries { public const string InsertT = \"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p, value) SELECT pgx_key.id, @p, 'y' FROM pgx_key) SELECT id FROM pgx_key\"; }");
        test.FixedState.MarkupHandling = MarkupMode.Allow; // the insert no rewrite fits still fires
        test.CodeActionEquivalenceKey = Rewrite;
        return test.RunAsync();
    }

    [Theory]
    [InlineData("connection.Execute([|\"INSERT INTO t (p) VALUES (1), (2) RETURNING id\"|]);")]
    [InlineData("connection.Execute([|\"INSERT INTO t (p) SELECT 1 RETURNING id\"|]);")]
    [InlineData("connection.Execute([|\"INSERT INTO t (p) VALUES (1) RETURNING *\"|]);")]
    [InlineData("connection.Execute([|\"INSERT INTO t (p) VALUES (1) RETURNING id, p\"|]);")]
    [InlineData("connection.Execute([|\"INSERT INTO t (id, p) VALUES (@id, 1) RETURNING id\"|]);")]
    [InlineData("connection.Execute([|\"INSERT INTO t (p) VALUES (1) RETURNING value\"|]);")]
    [InlineData("connection.Execute([|\"SELECT 1; INSERT INTO t (p) VALUES (1) RETURNING id\"|]);")]
    [InlineData("connection.Execute([|\"INSERT INTO t (p) VALUES (\" + p + \") RETURNING id\"|]);")]
    [InlineData("connection.Execute([|$\"INSERT INTO t (p) VALUES ({p}) RETURNING id\"|]);")]
    public Task No_rewrite_is_offered_when_it_could_change_what_the_sql_means(string body) =>
        VerifyNoFixAsync(SqlCallSiteSources.Method(body), Rewrite);

    [Fact]
    public async Task The_rewritten_sql_returns_the_key_and_the_row_lands_in_its_partition()
    {
        const string flagged = "INSERT INTO t (p, value) VALUES (@p, @value) RETURNING id";
        var rewritten = NextvalFirstRewrite.TryRewrite(flagged, "public.t", "id", "public.t_id_seq");
        Assert.NotNull(rewritten);

        await using var connection = await _db.DataSource.OpenConnectionAsync();
        Assert.Null(await connection.ExecuteScalarAsync<long?>(flagged, new { p = 2, value = "before" }));
        var id = await connection.ExecuteScalarAsync<long?>(rewritten, new { p = 2, value = "after" });

        Assert.NotNull(id);
        var stored = await connection.QuerySingleAsync<(string Partition, string Value)>("SELECT tableoid::regclass::text, value FROM t WHERE id = @id", new { id });
        Assert.Equal(("t2", "after"), stored);
        Assert.Equal(id, await connection.ExecuteScalarAsync<long>("SELECT last_value FROM t_id_seq"));
    }

    [Fact]
    public async Task The_run_time_sequence_lookup_works_for_pgx_tables_too()
    {
        var rewritten = NextvalFirstRewrite.TryRewrite("INSERT INTO t (p) VALUES (1) RETURNING id", "public.t", "", "");
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long?>(rewritten!);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM t1 WHERE id = @id", new { id }));
    }
}
