using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// The rules on foreign declarations ([assembly: ForeignServer], [assembly: ImportForeignSchema], [ForeignTable]):
/// each fires at the argument at fault with the right message, and the declarations of a working postgres_fdw
/// setup are silent.
/// </summary>
public sealed class ForeignDeclarationRuleTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public ForeignDeclarationRuleTests()
        : base(ModelRules)
    {
    }

    [Fact]
    public Task Valid_foreign_declarations_report_nothing()
    {
        var test = Test(ForeignModels.Declarations);
        test.TestState.Sources.Add(ForeignModels.Records);
        return test.RunAsync();
    }

    [Fact]
    public Task PGX0040_duplicate_foreign_server() => VerifyAsync(
        Usings + """
        [assembly: ForeignServer({|#1:"app_db"|}, Host = "a")]
        [assembly: ForeignServer({|#0:"app_db"|}, Host = "b")]
        [assembly: ForeignServer("other")]
        """,
        Diagnostic("PGX0040", 0, "app_db").WithLocation(1));

    [Fact]
    public Task PGX0041_invalid_foreign_server_setting() => VerifyAsync(
        Usings + """
        [assembly: ForeignServer("a", {|#0:Port = 70000|}, {|#1:FetchSize = -1|}, {|#2:BatchSize = -5|})]
        [assembly: ForeignServer("b", Port = 65535, FetchSize = 0, BatchSize = 10)]
        """,
        Diagnostic("PGX0041", 0, "Port", "70000", "a TCP port from 1 to 65535 (0 for PostgreSQL's default)"),
        Diagnostic("PGX0041", 1, "FetchSize", "-1", "a row count of at least 1 (0 to leave fetch_size as the server has it)"),
        Diagnostic("PGX0041", 2, "BatchSize", "-5", "a row count of at least 1 (0 to leave batch_size as the server has it)"));

    [Fact]
    public Task PGX0042_limit_to_and_except() => VerifyAsync(
        Usings + """
        [assembly: ForeignServer("app_db")]
        [assembly: ImportForeignSchema("app_db", LimitTo = new[] { "users" }, {|#0:Except = new[] { "logs" }|})]
        [assembly: ImportForeignSchema("app_db", RemoteSchema = "audit", LimitTo = new[] { "users" })]
        """,
        Diagnostic("PGX0042", 0, "public"));

    [Fact]
    public Task PGX0013_import_on_an_unknown_server() => VerifyAsync(
        Usings + """
        [assembly: ForeignServer("app_db")]
        [assembly: ImportForeignSchema({|#0:"app"|}, LocalSchema = "app")]
        [assembly: ImportForeignSchema("app_db", LocalSchema = "app2")]
        """,
        Diagnostic("PGX0013", 0, "app", "[assembly: ImportForeignSchema]"));

    [Fact]
    public Task Names_in_foreign_declarations_are_checked_like_table_names() => VerifyAsync(
        Usings + """
        [assembly: ForeignServer({|#0:""|})]
        [assembly: ForeignServer({|#1:"a_server_name_that_is_far_too_long_for_postgresql_identifiers_xyz"|})]
        [assembly: ForeignServer("ok")]
        [assembly: ImportForeignSchema("ok", {|#2:LocalSchema = ""|}, {|#3:LimitTo = new[] { "users", "" }|})]
        """,
        Diagnostic("PGX0023", 0, "foreign server", "this assembly"),
        Diagnostic("PGX0012", 1, "foreign server", "a_server_name_that_is_far_too_long_for_postgresql_identifiers_xyz", 65, "this assembly"),
        Diagnostic("PGX0023", 2, "local schema", "this assembly"),
        Diagnostic("PGX0023", 3, "remote table", "this assembly"));
}
