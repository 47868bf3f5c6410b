using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// The refresh changes only what Pgx made: server options it has no value for stay as an administrator set them,
/// and of the foreign tables in its schemas it alters and drops only those marked as made for this model.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class OwnershipTests
{
    private const string Mark = "Made by Pgx for Pgx.Foreign.Tests; its refresh alters and drops this foreign table.";

    private readonly AppServer _appServer;

    public OwnershipTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task Server_options_the_model_does_not_supply_stay_as_an_administrator_set_them()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "adminopts");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await scenario.Reporting.ExecuteAsync("""
            ALTER SERVER app_typed OPTIONS (SET fetch_size '77', ADD batch_size '500', SET async_capable 'true', ADD fdw_tuple_cost '0.2');
            ALTER SERVER app_db OPTIONS (SET fetch_size '5', SET batch_size '20', ADD extensions 'citext');
            """);

        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        // Pgx has no value for fdw_tuple_cost and extensions, nor for app_typed's batch_size (BatchSize = 0): those
        // stay. Every option it has a value for, declared (app_db's FetchSize = 1000, app_typed's AsyncCapable =
        // false) or its default (app_typed's fetch_size, app_db's batch_size), is set back.
        Assert.Equal(
            new[] { "async_capable=false", "batch_size=500", "dbname=" + scenario.AppDatabase, "fdw_tuple_cost=0.2", "fetch_size=10000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=false" },
            await scenario.Reporting.ColumnAsync("SELECT unnest(srvoptions) FROM pg_foreign_server WHERE srvname = 'app_typed' ORDER BY 1"));
        Assert.Equal(
            new[] { "async_capable=true", "batch_size=1000", "dbname=" + scenario.AppDatabase, "extensions=citext", "fetch_size=1000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=true" },
            await scenario.Reporting.ColumnAsync("SELECT unnest(srvoptions) FROM pg_foreign_server WHERE srvname = 'app_db' ORDER BY 1"));
    }

    [Fact]
    public async Task The_sweep_drops_only_imported_tables_made_for_this_model()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "sweep");
        await scenario.App.ExecuteAsync("CREATE TABLE scratch (id integer)");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        // In the import's schema, on its server and remote schema: one made by hand, one another service made.
        await scenario.Reporting.ExecuteAsync("""
            CREATE FOREIGN TABLE app.hand_made (id integer) SERVER app_db OPTIONS (schema_name 'public', table_name 'users');
            CREATE FOREIGN TABLE app.other_service (id integer) SERVER app_db OPTIONS (schema_name 'public', table_name 'companies');
            COMMENT ON FOREIGN TABLE app.other_service IS 'Made by Pgx for Billing.Service; its refresh alters and drops this foreign table.';
            """);
        await scenario.App.ExecuteAsync("DROP TABLE scratch");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT to_regclass('app.scratch') IS NULL"));
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.hand_made"));
        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.other_service"));
        Assert.Equal(new[] { "NULL", Mark }, await scenario.Reporting.ColumnAsync("SELECT obj_description(c, 'pg_class') FROM unnest(ARRAY['app.hand_made'::regclass, 'app.companies'::regclass]) AS c"));
    }

    [Fact]
    public async Task A_table_made_before_tables_were_marked_is_taken_over_and_marked()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "adopt");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var oid = await scenario.Reporting.ScalarAsync<uint>("SELECT 'typed.companies'::regclass::oid");
        await scenario.Reporting.ExecuteAsync("COMMENT ON FOREIGN TABLE typed.companies IS NULL; COMMENT ON FOREIGN TABLE app.users IS NULL");

        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        Assert.Equal(oid, await scenario.Reporting.ScalarAsync<uint>("SELECT 'typed.companies'::regclass::oid"));
        Assert.Equal(new[] { Mark, Mark }, await scenario.Reporting.ColumnAsync("SELECT obj_description(c, 'pg_class') FROM unnest(ARRAY['typed.companies'::regclass, 'app.users'::regclass]) AS c"));
    }

    [Theory]
    [InlineData("elsewhere", null)]
    [InlineData("app_typed", "the reports team's copy")]
    public async Task A_foreign_table_in_the_way_that_Pgx_did_not_make_is_an_error_and_stays(string server, string? comment)
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "inway");
        await scenario.Reporting.ExecuteAsync("""
            CREATE EXTENSION postgres_fdw;
            CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1');
            CREATE SERVER app_typed FOREIGN DATA WRAPPER postgres_fdw;
            CREATE SCHEMA typed;
            """);
        await Sql.ExecuteFormattedAsync(scenario.Reporting, "CREATE FOREIGN TABLE typed.companies (id integer, label text) SERVER %I", server);
        if (comment is not null)
        {
            await Sql.ExecuteFormattedAsync(scenario.Reporting, "COMMENT ON FOREIGN TABLE typed.companies IS %L", comment);
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options));

        Assert.Equal(PostgresErrorCodes.DuplicateTable, error.SqlState);
        Assert.Contains("typed.companies is a foreign table that Pgx did not make for this model", error.MessageText);
        Assert.Equal(
            server + " label",
            await scenario.Reporting.ScalarAsync<string>("SELECT s.srvname || ' ' || (SELECT string_agg(attname, ',') FROM pg_attribute WHERE attrelid = t.ftrelid AND attname = 'label') FROM pg_foreign_table t JOIN pg_foreign_server s ON s.oid = t.ftserver WHERE t.ftrelid = 'typed.companies'::regclass"));
    }
}
