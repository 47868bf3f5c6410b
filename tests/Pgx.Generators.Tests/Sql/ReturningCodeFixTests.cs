using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Pgx.Generators.CodeFixes;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0101's code fixes, applied in a real workspace: the fixed code compiles, PGX0101 is gone, and the
/// rewritten SQL does on PostgreSQL what RETURNING could not.
/// </summary>
public sealed class ReturningCodeFixTests : IClassFixture<SeedDatabase>
{
    private readonly SeedDatabase _db;

    public ReturningCodeFixTests(SeedDatabase db) => _db = db;

    public static TheoryData<string, string> Rewrites() => new()
    {
        {
            "connection.ExecuteScalar<long>(\"INSERT INTO t (p, value) VALUES (@p, @value) RETURNING id\", new { p, value = \"x\" });",
            "connection.ExecuteScalar<long>(\"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p, value) SELECT pgx_key.id, @p, @value FROM pgx_key) SELECT id FROM pgx_key\", new { p, value = \"x\" });"
        },
        {
            "connection.ExecuteScalar<long>(@\"INSERT INTO public.t AS x (id, p) VALUES (DEFAULT, @p) RETURNING x.id;\", new { p });",
            "connection.ExecuteScalar<long>(@\"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO public.t AS x (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key;\", new { p });"
        },
        {
            "connection.ExecuteScalar<long>(\"\"\"INSERT INTO t (p) VALUES (@p) RETURNING id\"\"\", new { p });",
            "connection.ExecuteScalar<long>(\"\"\"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key\"\"\", new { p });"
        },
        {
            "connection.ExecuteScalar<long>(\"\"\"\n            INSERT INTO t (p, value)\n            VALUES (@p, 'it''s \"quoted\"')\n            RETURNING id\n            \"\"\", new { p });",
            "connection.ExecuteScalar<long>(\"\"\"\n            WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p, value)\n            SELECT pgx_key.id, @p, 'it''s \"quoted\"' FROM pgx_key)\n            SELECT id FROM pgx_key\n            \"\"\", new { p });"
        },
        {
            "var sql = \"INSERT INTO t (p) VALUES (@p) RETURNING id\"; connection.ExecuteScalar<long>(sql, new { p });",
            "var sql = \"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key\"; connection.ExecuteScalar<long>(sql, new { p });"
        },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task Nextval_first_rewrite_compiles_and_no_longer_fires(string body, string expected)
    {
        using var run = WorkspaceRun.Create(new[] { SqlCallSiteSources.Method(body) });
        await run.ApplyAsync(new ReturningCodeFixProvider(), "PGX0101", ReturningCodeFixProvider.NextvalFirstKey);

        Assert.Equal(SqlCallSiteSources.Method(expected), await run.TextAsync());
        Assert.Empty(await run.CompilerErrorsAsync());
        Assert.DoesNotContain(await run.DiagnosticsAsync(), d => d.Id == "PGX0101");
    }

    [Fact]
    public async Task A_const_in_another_file_is_rewritten_where_it_is_declared()
    {
        using var run = WorkspaceRun.Create(new[]
        {
            SqlCallSiteSources.Method("connection.ExecuteScalar<long>(Queries.InsertT, new { p });"),
            "public static class Queries { public const string InsertT = \"INSERT INTO t (p) VALUES (@p) RETURNING id\"; }",
        });
        await run.ApplyAsync(new ReturningCodeFixProvider(), "PGX0101", ReturningCodeFixProvider.NextvalFirstKey);

        Assert.Equal("public static class Queries { public const string InsertT = \"WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id), pgx_insert AS (INSERT INTO t (id, p) SELECT pgx_key.id, @p FROM pgx_key) SELECT id FROM pgx_key\"; }", await run.TextAsync(1));
        Assert.Empty(await run.CompilerErrorsAsync());
        Assert.DoesNotContain(await run.DiagnosticsAsync(), d => d.Id == "PGX0101");
    }

    [Fact]
    public async Task A_table_known_only_from_an_attribute_gets_its_sequence_at_run_time()
    {
        using var run = WorkspaceRun.Create(new[]
        {
            SqlCallSiteSources.Method("connection.ExecuteScalar<long>(\"INSERT INTO sales.orders (total) VALUES (@p) RETURNING order_id\", new { p });", withTables: false)
                .Replace("using Pgx;\n", "using Pgx;\n[assembly: TriggerRoutedTable(\"sales.orders\")]\n"),
        });
        await run.ApplyAsync(new ReturningCodeFixProvider(), "PGX0101", ReturningCodeFixProvider.NextvalFirstKey);

        Assert.Contains("\"WITH pgx_key AS (SELECT nextval(pg_get_serial_sequence('sales.orders', 'order_id')) AS order_id), pgx_insert AS (INSERT INTO sales.orders (order_id, total) SELECT pgx_key.order_id, @p FROM pgx_key) SELECT order_id FROM pgx_key\"", await run.TextAsync());
    }

    [Theory]
    [InlineData("connection.Execute(\"INSERT INTO t (p) VALUES (1), (2) RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO t (p) SELECT 1 RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO t (p) VALUES (1) RETURNING *\");")]
    [InlineData("connection.Execute(\"INSERT INTO t (p) VALUES (1) RETURNING id, p\");")]
    [InlineData("connection.Execute(\"INSERT INTO t (id, p) VALUES (@id, 1) RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO t (p) VALUES (1) RETURNING value\");")]
    [InlineData("connection.Execute(\"SELECT 1; INSERT INTO t (p) VALUES (1) RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO t (p) VALUES (\" + p + \") RETURNING id\");")]
    [InlineData("connection.Execute($\"INSERT INTO t (p) VALUES ({p}) RETURNING id\");")]
    public async Task No_rewrite_is_offered_when_it_could_change_what_the_sql_means(string body)
    {
        using var run = WorkspaceRun.Create(new[] { SqlCallSiteSources.Method(body) });
        var fixes = await run.FixesAsync(new ReturningCodeFixProvider(), "PGX0101");
        Assert.DoesNotContain(fixes, f => f.EquivalenceKey == ReturningCodeFixProvider.NextvalFirstKey);
    }

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
