using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// Every way SQL reaches PostgreSQL that the SQL rules read, and every way the SQL can be written: each form
/// fires PGX0101 on an <c>INSERT … RETURNING</c> into the trigger-routed table, and stays silent when
/// RETURNING is only inside a string or a comment. The diagnostic sits on the SQL expression at the call.
/// </summary>
public sealed class SqlSourceFormTests
{
    private const string Head = "INSERT INTO t (p) VALUES (1)";
    private const string FiringTail = " RETURNING id";
    private const string SilentTail = ", ('RETURNING id') /* RETURNING id */";

    public static TheoryData<string> Apis() => new()
    {
        "connection.Execute([[%SQL%]]);",
        "await connection.ExecuteAsync([[%SQL%]]);",
        "connection.ExecuteScalar<long>([[%SQL%]]);",
        "await connection.ExecuteScalarAsync<long>([[%SQL%]], new { p });",
        "connection.Query<long>([[%SQL%]]);",
        "await connection.QueryAsync<long>([[%SQL%]]);",
        "connection.QueryFirst<long>([[%SQL%]]);",
        "await connection.QueryFirstAsync<long>([[%SQL%]]);",
        "connection.QueryFirstOrDefault<long>([[%SQL%]]);",
        "await connection.QueryFirstOrDefaultAsync<long>([[%SQL%]]);",
        "connection.QuerySingle<long>([[%SQL%]]);",
        "await connection.QuerySingleAsync<long>([[%SQL%]]);",
        "connection.QuerySingleOrDefault<long>([[%SQL%]]);",
        "await connection.QuerySingleOrDefaultAsync<long>([[%SQL%]]);",
        "connection.ExecuteReader([[%SQL%]]);",
        "await connection.QueryMultipleAsync([[%SQL%]]);",
        "SqlMapper.ExecuteScalar<long>(connection, [[%SQL%]]);",
        "await connection.ExecuteScalarAsync<long>(param: new { p }, sql: [[%SQL%]]);",
        "await connection.ExecuteScalarAsync<long>(new CommandDefinition([[%SQL%]], transaction: transaction));",
        "await using var command = new NpgsqlCommand([[%SQL%]], connection);",
        "await using var command = new NpgsqlCommand([[%SQL%]], connection, transaction);",
        "await using var command = new NpgsqlCommand(); command.CommandText = [[%SQL%]];",
        "await using var command = new NpgsqlCommand { Connection = connection, CommandText = [[%SQL%]] };",
        "System.Data.Common.DbCommand command = connection.CreateCommand(); command.CommandText = [[%SQL%]];",
        "System.Data.IDbCommand command = connection.CreateCommand(); command.CommandText = [[%SQL%]];",
        "await using var batch = new NpgsqlBatch(connection); batch.BatchCommands.Add(new NpgsqlBatchCommand([[%SQL%]]));",
        "var batchCommand = new NpgsqlBatchCommand { CommandText = [[%SQL%]] };",
        "await using var command = dataSource.CreateCommand([[%SQL%]]);",
        "db.Set<Plain>().FromSqlRaw([[%SQL%]]).ToQueryString();",
        "db.Database.ExecuteSqlRaw([[%SQL%]]);",
        "await db.Database.ExecuteSqlRawAsync([[%SQL%]]);",
        "db.Database.SqlQueryRaw<long>([[%SQL%]]).ToQueryString();",
    };

    /// <summary>How the SQL is written: %HEAD% and %TAIL% are the two halves of the statement.</summary>
    public static TheoryData<string, string> Forms() => new()
    {
        { "connection.Execute([[\"%HEAD%%TAIL%\"]]);", "" },
        { "connection.Execute([[@\"%HEAD%\n        %TAIL%\"]]);", "" },
        { "connection.Execute([[\"\"\"%HEAD%%TAIL%\"\"\"]]);", "" },
        { "connection.Execute([[\"\"\"\n            %HEAD%\n            %TAIL%\n            \"\"\"]]);", "" },
        { "connection.Execute([[$\"INSERT INTO t (p) VALUES ({p})%TAIL%\"]]);", "" },
        { "connection.Execute([[$$\"\"\"INSERT INTO t (p) VALUES ({{p}})%TAIL%\"\"\"]]);", "" },
        { "connection.Execute([[Sql]]);", "private const string Sql = \"%HEAD%%TAIL%\";" },
        { "connection.Execute([[Queries.Insert + Queries.Tail]]);", "private static class Queries { public const string Insert = \"%HEAD%\"; public const string Tail = \"%TAIL%\"; }" },
        { "const string sql = \"%HEAD%%TAIL%\"; connection.Execute([[sql]]);", "" },
        { "connection.Execute([[\"%HEAD%\" + \"%TAIL%\"]]);", "" },
        { "connection.Execute([[\"INSERT INTO t (p) VALUES (\" + p + \")\" + \"%TAIL%\"]]);", "" },
        { "var sql = \"%HEAD%%TAIL%\"; connection.Execute([[sql]]);", "" },
        { "string sql; sql = \"%HEAD%\" + \"%TAIL%\"; connection.Execute([[sql]]);", "" },
        { "var tail = \"%TAIL%\"; var sql = \"%HEAD%\" + tail; connection.Execute([[sql]]);", "" },
    };

    [Theory]
    [MemberData(nameof(Apis))]
    public Task Every_api_fires(string call) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(Fire(call.Replace("%SQL%", "\"" + Head + FiringTail + "\""))));

    [Theory]
    [MemberData(nameof(Apis))]
    public Task Every_api_is_silent_when_returning_is_in_a_string_or_comment(string call) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(Silent(call.Replace("%SQL%", "\"" + Head + SilentTail + "\""))));

    [Theory]
    [MemberData(nameof(Forms))]
    public Task Every_form_fires(string body, string members) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(Fire(Fill(body, FiringTail)), Fill(members, FiringTail)));

    [Theory]
    [MemberData(nameof(Forms))]
    public Task Every_form_is_silent_when_returning_is_in_a_string_or_comment(string body, string members) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(Silent(Fill(body, SilentTail)), Fill(members, SilentTail)));

    [Fact]
    public Task A_const_from_a_referenced_assembly_is_read_from_metadata()
    {
        var queries = TestCompilation.ToReference(TestCompilation.Create(
            new[] { "namespace Shared { public static class Queries { public const string InsertT = \"" + Head + FiringTail + "\"; public const string Plain = \"" + Head + SilentTail + "\"; } }" },
            assemblyName: "Shared"));
        return AnalyzerRun.VerifyAsync(
            SqlCallSiteSources.Method("connection.Execute({|PGX0101:Shared.Queries.InsertT|}); connection.Execute(Shared.Queries.Plain);"),
            queries);
    }

    [Theory]
    [InlineData("var sql = \"INSERT INTO t (p) VALUES (1) RETURNING id\"; if (p > 0) { sql = \"INSERT INTO plain (name) VALUES ('x') RETURNING id\"; } connection.Execute(sql);")]
    [InlineData("var sql = \"INSERT INTO t (p) VALUES (1) RETURNING id\"; Change(ref sql); connection.Execute(sql);")]
    [InlineData("var sql = \"INSERT INTO t (p) VALUES (1)\"; sql += \" RETURNING id\"; connection.Execute(sql);")]
    [InlineData("var table = p > 0 ? \"t\" : \"plain\"; connection.Execute($\"INSERT INTO {table} (p) VALUES (1) RETURNING id\");")]
    [InlineData("connection.Execute(Sql());")]
    [InlineData("System.Console.WriteLine(\"INSERT INTO t (p) VALUES (1) RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO t1 (id, p) VALUES (1, 1) RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO plain (name) VALUES ('x') RETURNING id\");")]
    [InlineData("connection.Execute(\"INSERT INTO telemetry.events (at) VALUES (now()) RETURNING id\");")]
    [InlineData("connection.Execute(\"UPDATE t SET p = 2 RETURNING id\");")]
    public Task Unknown_sql_and_other_tables_are_silent(string body) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(body, "private static void Change(ref string s) { } private static string Sql() => \"INSERT INTO t (p) VALUES (1) RETURNING id\";"));

    private static string Fill(string template, string tail) => template.Replace("%HEAD%", Head).Replace("%TAIL%", tail);

    private static string Fire(string body) => body.Replace("[[", "{|PGX0101:").Replace("]]", "|}");

    private static string Silent(string body) => body.Replace("[[", "").Replace("]]", "");
}
