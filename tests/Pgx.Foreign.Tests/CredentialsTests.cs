using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;
using Pgx.Testing;

namespace Pgx.Foreign.Tests;

/// <summary>
/// Credentials exist only in run-time options: a missing one stops the apply before anything runs, a changed
/// one is picked up, and the password reaches neither this assembly nor the generated script (nor, as
/// <see cref="AuditLogTests"/> shows, the server log).
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class CredentialsTests
{
    private readonly AppServer _appServer;

    public CredentialsTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task Missing_credentials_stop_the_apply_before_anything_runs()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "nocreds");

        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => PgxSchema.ApplyAsync(scenario.Reporting));
        var options = scenario.Options;
        options.ForeignServers["app_db"].Password = null;
        var noPassword = await Assert.ThrowsAsync<InvalidOperationException>(() => PgxSchema.ApplyAsync(scenario.Reporting, options));

        Assert.Contains("'app_db'", none.Message);
        Assert.Contains("User and Password", none.Message);
        Assert.Contains("'app_db' has no Password", noPassword.Message);
        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT to_regclass('production.events') IS NULL AND NOT EXISTS (SELECT FROM pg_foreign_server)"));
    }

    [Fact]
    public async Task A_wrong_password_fails_the_whole_apply()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "wrongpw");
        var options = scenario.Options;
        options.ForeignServers["app_db"].Password = "not the password";

        var error = await Assert.ThrowsAsync<PgxForeignLinkException>(() => PgxSchema.ApplyAsync(scenario.Reporting, options));

        Assert.Equal(PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection, error.SqlState);
        Assert.Equal("app_db", error.Server);
        Assert.DoesNotContain("not the password", error.ToString());
        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT to_regclass('production.events') IS NULL AND NOT EXISTS (SELECT FROM pg_foreign_server)"));
    }

    [Fact]
    public async Task A_rotated_password_is_picked_up_by_the_next_apply()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "rotate");
        await using var admin = NpgsqlDataSource.Create(_appServer.Server.ConnectionString);
        const string role = "reporting_rotate";
        await Sql.ExecuteFormattedAsync(admin, "CREATE ROLE %I LOGIN", role);
        await scenario.App.ExecuteAsync("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        var server = new ForeignServerOptions { Host = "127.0.0.1", Port = _appServer.Server.Port, DbName = scenario.AppDatabase, User = role };
        var options = new PgxApplyOptions();
        options.ForeignServers["app_db"] = server;
        options.ForeignServers["app_typed"] = server;

        server.Password = "first " + Guid.NewGuid().ToString("N");
        await Sql.ExecuteFormattedAsync(admin, "ALTER ROLE %I PASSWORD %L", role, server.Password);
        await PgxSchema.ApplyAsync(scenario.Reporting, options);
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.users"));

        server.Password = "second " + Guid.NewGuid().ToString("N");
        await Sql.ExecuteFormattedAsync(admin, "ALTER ROLE %I PASSWORD %L", role, server.Password);
        NpgsqlConnection.ClearAllPools();
        await PgxSchema.ApplyAsync(scenario.Reporting, options);

        Assert.Equal(new[] { "password=" + server.Password, "user=" + role }, await scenario.Reporting.ColumnAsync("SELECT unnest(umoptions) FROM pg_user_mappings WHERE srvname = 'app_db' ORDER BY 1"));
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.users"));
    }

    [Fact]
    public void The_password_reaches_neither_the_assembly_nor_the_script()
    {
        var secret = _appServer.ReportingPassword.Split(' ').Last();

        Assert.DoesNotContain(secret, PgxSchema.ForeignSql);
        var assembly = File.ReadAllBytes(typeof(Reporting.User).Assembly.Location);
        Assert.False(Contains(assembly, Encoding.UTF8.GetBytes(secret)) || Contains(assembly, Encoding.Unicode.GetBytes(secret)), "the password is in the test assembly");

        // The control: the search finds what is there.
        Assert.True(Contains(Encoding.UTF8.GetBytes("x" + secret + "x"), Encoding.UTF8.GetBytes(secret)));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
