using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>A quoted name may hold a line break; in a <c>--</c> comment that would end the comment and run the rest.</summary>
public sealed class SqlCommentTests
{
    [Fact]
    public async Task A_line_break_in_a_table_name_cannot_end_a_comment_and_run_sql()
    {
        var run = GeneratorRun.Of("using Pgx; [PgTable(\"x\\nDROP TABLE canary; --\")] public sealed record T(long Id);");
        var sql = run.SchemaSql;

        Assert.StartsWith("-- public.\"x\\nDROP TABLE canary; --\" (T)\n", sql);
        var shared = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await shared.CreateDatabaseAsync("comment_injection"));
        await using (var setup = db.CreateCommand("CREATE TABLE canary (id integer)"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var apply = db.CreateCommand(sql))
        {
            await apply.ExecuteNonQueryAsync();
        }

        await using var check = db.CreateCommand("SELECT count(*) FROM pg_class WHERE relname IN ('canary', E'x\\nDROP TABLE canary; --')");
        Assert.Equal(2L, (long)(await check.ExecuteScalarAsync())!);
    }
}
