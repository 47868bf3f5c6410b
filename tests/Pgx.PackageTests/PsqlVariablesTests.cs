using Pgx.Generators.Tasks;

namespace Pgx.PackageTests;

/// <summary>The artifact header names exactly the psql variables psql would interpolate.</summary>
public sealed class PsqlVariablesTests
{
    [Theory]
    [InlineData("SELECT :'password'", "password")]
    [InlineData("CREATE SCHEMA :\"schema_name\"", "schema_name")]
    [InlineData("SELECT * FROM t LIMIT :row_limit", "row_limit")]
    [InlineData("OPTIONS (user :'app_db_user', password :'app_db_password') -- :'ignored'", "app_db_password,app_db_user")]
    [InlineData("SELECT :'a', :'a', :b", "a,b")]
    [InlineData("SELECT x::text, '{1,2}'::int[], y::pg_catalog.regclass", "")]
    [InlineData("SELECT arr[1:2], arr[:3]", "")]
    [InlineData("SELECT ':not_a_var', E'\\':still_text', 'it''s :text'", "")]
    [InlineData("SELECT \":quoted\"\":ident\"", "")]
    [InlineData("/* :a /* nested :b */ :c */ SELECT 1", "")]
    [InlineData("-- :a\nSELECT :'after_comment'", "after_comment")]
    [InlineData("DO $pgx$ BEGIN PERFORM :'inside'; END $pgx$; SELECT :'outside'", "outside")]
    [InlineData("SELECT $$ :a $$, $1, :'b'", "b")]
    [InlineData("SELECT a$b$ FROM t WHERE c = :'d'", "d")]
    [InlineData("SELECT :'unterminated", "")]
    [InlineData("SELECT $tag$ never closed :'x'", "")]
    [InlineData("", "")]
    public void Finds_only_the_variables_psql_would_substitute(string sql, string expected)
    {
        Assert.Equal(expected, string.Join(",", PsqlVariables.Find(sql)));
    }
}
