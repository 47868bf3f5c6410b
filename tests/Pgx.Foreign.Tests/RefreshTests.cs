using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// "Handling schema changes" from thoughtbot's article on querying an app database from a reporting database, done
/// properly: re-applying after an app migration brings the imported tables up to date in place, in one transaction
/// during which queries wait and then succeed.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class RefreshTests
{
    private readonly AppServer _appServer;

    public RefreshTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task A_reapply_after_an_app_migration_brings_imported_tables_up_to_date_in_place()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "refresh");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var companiesOid = await scenario.Reporting.ScalarAsync<uint>("SELECT 'app.companies'::regclass::oid");
        await scenario.Reporting.ExecuteAsync("CREATE ROLE analyst_refresh; GRANT SELECT ON app.companies TO analyst_refresh; CREATE VIEW company_names AS SELECT id, name FROM app.companies");

        // The app migrates: a new column, a new table, a dropped table.
        await scenario.App.ExecuteAsync("""
            ALTER TABLE companies ADD COLUMN country text NOT NULL DEFAULT 'NL';
            CREATE TABLE invoices (id integer PRIMARY KEY, company_id integer NOT NULL, amount numeric(12,2) NOT NULL);
            INSERT INTO invoices VALUES (1, 10, 99.50);
            CREATE TABLE scratch (id integer);
            """);
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await scenario.App.ExecuteAsync("DROP TABLE scratch");
        Assert.Equal(1L, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE oid = 'app.scratch'::regclass"));
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.companies WHERE country = 'NL'"));
        Assert.Equal(99.50m, await scenario.Reporting.ScalarAsync<decimal>("SELECT amount FROM app.invoices WHERE company_id = 10"));
        Assert.Equal("numeric(12,2)", await scenario.Reporting.ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'app.invoices'::regclass AND attname = 'amount'"));
        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT to_regclass('app.scratch') IS NULL"));

        // Altered in place: same table, its grants and the view on it survive.
        Assert.Equal(companiesOid, await scenario.Reporting.ScalarAsync<uint>("SELECT 'app.companies'::regclass::oid"));
        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT has_table_privilege('analyst_refresh', 'app.companies', 'SELECT')"));
        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM company_names"));
        Assert.Equal(0L, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgx_foreign_staging%'"));
    }

    [Fact]
    public async Task A_query_during_a_refresh_that_changes_its_table_waits_and_then_succeeds()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "concurrent");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await scenario.App.ExecuteAsync("ALTER TABLE companies ADD COLUMN country text NOT NULL DEFAULT 'NL'");

        // The refresh runs in a transaction we hold open: it has altered app.companies but not committed.
        await using var refresher = await scenario.Reporting.OpenConnectionAsync();
        await using var refresh = await refresher.BeginTransactionAsync();
        await PgxSchema.ApplyAsync(refresher, refresh, scenario.Options);

        await using var reader = await scenario.Reporting.OpenConnectionAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM app.companies WHERE country = 'NL'", reader);
        var counting = query.ExecuteScalarAsync();

        await WaitUntilBlockedAsync(scenario.Reporting, reader.ProcessID);
        Assert.False(counting.IsCompleted);

        await refresh.CommitAsync();
        Assert.Equal((long)Scenario.CompanyCount, (long)(await counting)!);
    }

    [Fact]
    public async Task A_refresh_with_nothing_to_change_blocks_no_query()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "nochange");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        await using var refresher = await scenario.Reporting.OpenConnectionAsync();
        await using var refresh = await refresher.BeginTransactionAsync();
        await PgxSchema.ApplyAsync(refresher, refresh, scenario.Options);

        await using var reader = await scenario.Reporting.OpenConnectionAsync();
        await using (var timeout = new NpgsqlCommand("SET lock_timeout = '2s'", reader))
        {
            await timeout.ExecuteNonQueryAsync();
        }

        await using (var query = new NpgsqlCommand("SELECT (SELECT count(*) FROM app.users) + (SELECT count(*) FROM app.companies)", reader))
        {
            Assert.Equal((long)(Scenario.UserCount + Scenario.CompanyCount), (long)(await query.ExecuteScalarAsync())!);
        }

        await refresh.RollbackAsync();
    }

    [Fact]
    public async Task Applying_inside_the_callers_transaction_restores_its_message_level()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "callertx");
        await using var connection = await scenario.Reporting.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand("SET LOCAL client_min_messages = debug1", connection, transaction))
        {
            await set.ExecuteNonQueryAsync();
        }

        await PgxSchema.ApplyAsync(connection, transaction, scenario.Options);

        await using var show = new NpgsqlCommand("SELECT current_setting('client_min_messages'), current_setting('pgx.app_db_password', true)", connection, transaction);
        await using var row = await show.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("debug1", row.GetString(0));
        Assert.Equal("", row.GetString(1));
    }

    /// <summary>Waits until the backend <paramref name="pid"/> waits for a lock (a heavyweight lock, as DDL takes).</summary>
    private static async Task WaitUntilBlockedAsync(NpgsqlDataSource db, int pid)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock')", pid))
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
