using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// Every way SQL reaches PostgreSQL that the SQL rules read, and every way the SQL can be written, for each SQL
/// rule that reads statement text: each form fires the rule on its firing statement, and stays silent when the
/// same words are only inside a string or a comment. The diagnostic sits on the SQL expression at the call.
/// </summary>
public sealed class SqlSourceFormTests : RuleTests
{
    public SqlSourceFormTests()
        : base(SqlRules)
    {
    }

    /// <summary>
    /// One rule's statement in two halves. <see cref="Head"/> holds a value at <c>§</c> (a literal, or an
    /// interpolation hole in the interpolated forms) and fires nothing by itself; <see cref="FiringTail"/> makes the
    /// statement fire; <see cref="SilentTail"/> has the same words only in strings and comments.
    /// </summary>
    private sealed record Rule(string Id, string Head, string FiringTail, string SilentTail, string Models);

    private static readonly Rule[] Rules =
    {
        new("PGX0101", "INSERT INTO t (p) VALUES (§)", " RETURNING id", ", ('RETURNING id') /* RETURNING id */", SqlCallSiteSources.Tables),
        new("PGX0104", "SELECT § AS n FROM app.users", "; DELETE FROM app.users", " WHERE email <> '; DELETE FROM app.users' -- ; DELETE FROM app.users", SqlCallSiteSources.ForeignModels),
        new("PGX0106", "SELECT § AS n, u.id FROM app.users u", " JOIN billing.invoices i ON true", " JOIN app.companies c ON c.name <> 'JOIN billing.invoices i' /* , billing.invoices */", SqlCallSiteSources.ForeignModels),
    };

    private static readonly string[] ApiTemplates =
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
        "using var importer = connection.BeginBinaryImport([[%SQL%]]);",
        "await using var importer = await connection.BeginBinaryImportAsync([[%SQL%]]);",
        "using var writer = connection.BeginTextImport([[%SQL%]]);",
        "using var exporter = connection.BeginBinaryExport([[%SQL%]]);",
        "await using var stream = await connection.BeginRawBinaryCopyAsync([[%SQL%]], default);",
        "db.Set<Plain>().FromSqlRaw([[%SQL%]]).ToQueryString();",
        "db.Database.ExecuteSqlRaw([[%SQL%]]);",
        "await db.Database.ExecuteSqlRawAsync([[%SQL%]]);",
        "db.Database.SqlQueryRaw<long>([[%SQL%]]).ToQueryString();",
    };

    /// <summary>
    /// How the SQL is written: %HEAD% and %TAIL% are the two halves of the statement; in %HEAD{p}%, %HEAD{{p}}% and
    /// %HEAD"+p+"% the head's value is an interpolation hole, a raw-string hole, or a concatenated variable.
    /// </summary>
    private static readonly (string Body, string Members)[] FormTemplates =
    {
        ("connection.Execute([[\"%HEAD%%TAIL%\"]]);", ""),
        ("connection.Execute([[@\"%HEAD%\n        %TAIL%\"]]);", ""),
        ("connection.Execute([[\"\"\"%HEAD%%TAIL%\"\"\"]]);", ""),
        ("connection.Execute([[\"\"\"\n            %HEAD%\n            %TAIL%\n            \"\"\"]]);", ""),
        ("connection.Execute([[$\"%HEAD{p}%%TAIL%\"]]);", ""),
        ("connection.Execute([[$$\"\"\"%HEAD{{p}}%%TAIL%\"\"\"]]);", ""),
        ("connection.Execute([[Sql]]);", "private const string Sql = \"%HEAD%%TAIL%\";"),
        ("connection.Execute([[Queries.Head + Queries.Tail]]);", "private static class Queries { public const string Head = \"%HEAD%\"; public const string Tail = \"%TAIL%\"; }"),
        ("const string sql = \"%HEAD%%TAIL%\"; connection.Execute([[sql]]);", ""),
        ("connection.Execute([[\"%HEAD%\" + \"%TAIL%\"]]);", ""),
        ("connection.Execute([[\"%HEAD\"+p+\"%\" + \"%TAIL%\"]]);", ""),
        ("var sql = \"%HEAD%%TAIL%\"; connection.Execute([[sql]]);", ""),
        ("string sql; sql = \"%HEAD%\" + \"%TAIL%\"; connection.Execute([[sql]]);", ""),
        ("var tail = \"%TAIL%\"; var sql = \"%HEAD%\" + tail; connection.Execute([[sql]]);", ""),
        ("connection.Execute([[Sql]]);", "private static readonly string Sql = \"%HEAD%%TAIL%\";"),
        ("connection.Execute([[_sql]]);", "private readonly string _sql = \"%HEAD%\" + Tail; private const string Tail = \"%TAIL%\";"),
        ("connection.Execute([[this._sql]]);", "private readonly string _sql = \"%HEAD%%TAIL%\";"),
    };

    public static TheoryData<string, string> Apis()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in Rules)
        {
            foreach (var api in ApiTemplates)
            {
                data.Add(rule.Id, api);
            }
        }

        return data;
    }

    public static TheoryData<string, string, string> Forms()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var rule in Rules)
        {
            foreach (var (body, members) in FormTemplates)
            {
                data.Add(rule.Id, body, members);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public Task Every_api_fires(string id, string call) =>
        VerifyRuleAsync(id, SqlCallSiteSources.Method(Fire(call.Replace("%SQL%", "\"" + Fill(RuleOf(id), "%HEAD%%TAIL%", RuleOf(id).FiringTail) + "\"")), models: RuleOf(id).Models));

    [Theory]
    [MemberData(nameof(Apis))]
    public Task Every_api_is_silent_when_the_firing_words_are_in_a_string_or_comment(string id, string call) =>
        VerifyRuleAsync(id, SqlCallSiteSources.Method(Silent(call.Replace("%SQL%", "\"" + Fill(RuleOf(id), "%HEAD%%TAIL%", RuleOf(id).SilentTail) + "\"")), models: RuleOf(id).Models));

    [Theory]
    [MemberData(nameof(Forms))]
    public Task Every_form_fires(string id, string body, string members)
    {
        var rule = RuleOf(id);
        return VerifyRuleAsync(id, SqlCallSiteSources.Method(Fire(Fill(rule, body, rule.FiringTail)), Fill(rule, members, rule.FiringTail), models: rule.Models));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public Task Every_form_is_silent_when_the_firing_words_are_in_a_string_or_comment(string id, string body, string members)
    {
        var rule = RuleOf(id);
        return VerifyRuleAsync(id, SqlCallSiteSources.Method(Silent(Fill(rule, body, rule.SilentTail)), Fill(rule, members, rule.SilentTail), models: rule.Models));
    }

    [Fact]
    public Task A_const_from_a_referenced_assembly_is_read_from_metadata()
    {
        var queries = TestCompilation.ToReference(TestCompilation.Create(
            new[] { "namespace Shared { public static class Queries { public const string InsertT = \"INSERT INTO t (p) VALUES (1) RETURNING id\"; public const string Plain = \"INSERT INTO t (p) VALUES (1), ('RETURNING id') /* RETURNING id */\"; } }" },
            assemblyName: "Shared"));
        return VerifyAsync(
            SqlCallSiteSources.Method("connection.Execute({|#0:Shared.Queries.InsertT|}); connection.Execute(Shared.Queries.Plain);"),
            queries,
            Diagnostic("PGX0101").WithLocation(0).WithArguments("public.t", "record T"));
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
    [InlineData("connection.Execute(\"UPDATE t SET value = 'v' RETURNING id\");")]
    public Task Unknown_sql_and_other_tables_are_silent(string body) =>
        VerifyAsync(SqlCallSiteSources.Method(body, "private static void Change(ref string s) { } private static string Sql() => \"INSERT INTO t (p) VALUES (1) RETURNING id\";"));

    [Theory]
    [InlineData("private static readonly string Sql = \"INSERT INTO t (p) VALUES (1) RETURNING id\"; static Calls() { Sql = \"SELECT 1\"; }")]
    [InlineData("private readonly string Sql = \"INSERT INTO t (p) VALUES (1) RETURNING id\"; public Calls(bool other) { if (other) { this.Sql = \"SELECT 1\"; } }")]
    [InlineData("private static readonly string Sql; static Calls() { Sql = \"INSERT INTO t (p) VALUES (1) RETURNING id\"; }")]
    [InlineData("private static string Sql = \"INSERT INTO t (p) VALUES (1) RETURNING id\";")] // not readonly: anything may change it
    public Task A_field_that_a_constructor_assigns_or_that_is_not_readonly_is_unknown(string members) =>
        VerifyAsync(SqlCallSiteSources.Method("connection.Execute(Sql);", members));

    private static Rule RuleOf(string id) => Rules.Single(r => r.Id == id);

    /// <summary>Fills the head (with its value written the way the template asks) and the tail into a template.</summary>
    private static string Fill(Rule rule, string template, string tail) => template
        .Replace("%HEAD{{p}}%", rule.Head.Replace("§", "{{p}}"))
        .Replace("%HEAD{p}%", rule.Head.Replace("§", "{p}"))
        .Replace("%HEAD\"+p+\"%", rule.Head.Replace("§", "\" + p + \""))
        .Replace("%HEAD%", rule.Head.Replace("§", "1"))
        .Replace("%TAIL%", tail);

    private static string Fire(string body) => body.Replace("[[", "[|").Replace("]]", "|]");

    private static string Silent(string body) => body.Replace("[[", "").Replace("]]", "");
}
