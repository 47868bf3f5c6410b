using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>The DDL means the same whatever <c>search_path</c> the session that applies it has.</summary>
public sealed class SearchPathTests
{
    [Fact]
    public async Task A_function_named_to_regclass_earlier_on_the_search_path_does_not_change_a_reapply()
    {
        var sql = GeneratorRun.Of(Models.TriggerRange).SchemaSql;
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("search_path"));

        // A schema the application owns, searched before pg_catalog, with a to_regclass that never finds anything:
        // an index guard that called it would create the index again on every apply, and the apply would fail.
        await db.ExecuteAsync("CREATE FUNCTION public.to_regclass(text) RETURNS regclass LANGUAGE sql AS 'SELECT NULL::regclass'");
        await using var connection = await db.OpenConnectionAsync();
        foreach (var statement in new[] { "SET search_path = public, pg_catalog", sql, sql })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE schemaname = 'ledger' AND indexname LIKE '%account_idx'"));
    }
}
