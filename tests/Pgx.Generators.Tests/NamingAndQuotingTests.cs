using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Emit;
using Pgx.Generators.Parsing;
using Pgx.Generators.Sql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>Identifiers and literals as PostgreSQL itself reads them, checked against a real server.</summary>
public sealed class NamingAndQuotingTests
{
    [Theory]
    [InlineData("OrderLine", "order_line")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("IOStream", "io_stream")]
    [InlineData("Value2", "value2")]
    [InlineData("Id2Name", "id2_name")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("Company_Id", "company_id")]
    [InlineData("A", "a")]
    public void Snake_case(string name, string expected) => Assert.Equal(expected, Names.ToSnakeCase(name));

    [Fact]
    public async Task Identifier_quoting_agrees_with_quote_ident_for_every_keyword_and_tricky_name()
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(server.ConnectionString);
        var words = new List<string>();
        await using (var command = db.CreateCommand("SELECT word FROM pg_get_keywords()"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                words.Add(reader.GetString(0));
            }
        }

        words.AddRange(new[] { "t", "T", "order_line", "Order", "a b", "a\"b", "1abc", "_x", "x$y", "é", "", "weird \"table\"" });
        Assert.True(words.Count > 400, "pg_get_keywords returned too few words to mean anything");

        await using var batch = db.CreateCommand("SELECT w, quote_ident(w) FROM unnest($1::text[]) AS w");
        batch.Parameters.Add(new NpgsqlParameter { Value = words.ToArray() });
        await using var rows = await batch.ExecuteReaderAsync();
        var mismatches = new List<string>();
        while (await rows.ReadAsync())
        {
            var word = rows.GetString(0);
            if (SqlText.Identifier(word) != rows.GetString(1))
            {
                mismatches.Add($"{word}: ours {SqlText.Identifier(word)}, PostgreSQL {rows.GetString(1)}");
            }
        }

        Assert.Empty(mismatches);
    }

    // The server under test answers for its own version only; these words became keywords in PostgreSQL 16
    // (system_user reserved, the SQL/JSON constructors) and 17 (JSON_TABLE and friends, merge_action), and a
    // script generated here may run on any server from 14 to 17.
    [Theory]
    [InlineData("system_user")]
    [InlineData("json_array")]
    [InlineData("json_arrayagg")]
    [InlineData("json_object")]
    [InlineData("json_objectagg")]
    [InlineData("json")]
    [InlineData("json_exists")]
    [InlineData("json_query")]
    [InlineData("json_scalar")]
    [InlineData("json_serialize")]
    [InlineData("json_table")]
    [InlineData("json_value")]
    [InlineData("merge_action")]
    public void Keywords_of_newer_postgresql_versions_are_quoted(string word) =>
        Assert.Equal("\"" + word + "\"", SqlText.Identifier(word));

    [Fact]
    public async Task A_column_named_system_user_is_quoted_in_the_ddl_and_the_ddl_runs()
    {
        var run = GeneratorRun.Of("""
            using Pgx;
            [PgTable("logins")]
            public sealed record Login(long Id, string SystemUser, string? JsonTable);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("    \"system_user\" text NOT NULL,\n    \"json_table\" text,\n", run.SchemaSql);
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("keyword_columns"));
        await db.ExecuteAsync(run.SchemaSql);
        Assert.Equal(
            new[] { "id", "system_user", "json_table" },
            await db.ColumnAsync("SELECT attname::text FROM pg_attribute WHERE attrelid = 'public.logins'::regclass AND attnum > 0 ORDER BY attnum"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("back\\slash")]
    [InlineData("both \\' quote")]
    [InlineData("'; DROP TABLE users; --")]
    [InlineData("$pgx$ dollar")]
    [InlineData("line\nbreak")]
    public async Task Literals_read_back_as_the_same_text_whatever_standard_conforming_strings_says(string value)
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(server.ConnectionString);
        foreach (var conforming in new[] { "on", "off" })
        {
            await using var connection = await db.OpenConnectionAsync();
            await using (var set = new NpgsqlCommand($"SET standard_conforming_strings = {conforming}", connection))
            {
                await set.ExecuteNonQueryAsync();
            }

            await using var select = new NpgsqlCommand("SELECT " + SqlText.Literal(value), connection);
            Assert.Equal(value, (string)(await select.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public void Derived_names_over_63_bytes_are_shortened_with_a_hash_and_never_collide()
    {
        var table = new string('x', 60);
        var first = Names.Derived(table + "_a", "_pkey");
        var second = Names.Derived(table + "_b", "_pkey");

        Assert.Equal("short_pkey", Names.Derived("short", "_pkey"));
        Assert.True(Encoding.UTF8.GetByteCount(first) <= Names.MaxIdentifierBytes);
        Assert.EndsWith("_pkey", first);
        Assert.NotEqual(first, second);
        Assert.Equal(first, Names.Derived(table + "_a", "_pkey")); // stable
    }

    [Fact]
    public void Derived_names_never_split_a_multibyte_character()
    {
        var name = Names.Derived(string.Concat(Enumerable.Repeat("é😀", 20)), "_partition_check");

        Assert.True(Encoding.UTF8.GetByteCount(name) <= Names.MaxIdentifierBytes);
        // A split surrogate pair would not survive a UTF-8 round trip.
        Assert.Equal(name, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
        Assert.Contains("😀", name);
    }

    [Fact]
    public void Dollar_tags_avoid_the_body()
    {
        Assert.Equal("$pgx$", SqlText.DollarTag("BEGIN END"));
        Assert.Equal("$pgx1$", SqlText.DollarTag("x $pgx$ y"));
        Assert.Equal("$pgx2$", SqlText.DollarTag("$pgx$ $pgx1$"));
    }
}
