using System.Linq;
using System.Threading.Tasks;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// CheckForeignDriftAsync compares the User record with the app's users table as it is now, and names the
/// table and column of every difference.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class DriftTests
{
    private readonly AppServer _appServer;

    public DriftTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task A_matching_remote_table_has_no_drift()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "nodrift");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var before = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);

        Assert.Empty(await PgxSchema.CheckForeignDriftAsync(scenario.Reporting));
        Assert.Equal(before, await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query));
    }

    [Fact]
    public async Task Added_renamed_retyped_and_nullable_columns_are_reported_by_table_and_column()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "drift");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await scenario.App.ExecuteAsync("""
            ALTER TABLE users ADD COLUMN last_login timestamptz;
            ALTER TABLE users RENAME COLUMN email TO email_address;
            ALTER TABLE users ALTER COLUMN company_id TYPE bigint;
            ALTER TABLE users ALTER COLUMN company_id DROP NOT NULL;
            """);

        var drift = await PgxSchema.CheckForeignDriftAsync(scenario.Reporting);

        Assert.Equal(
            new[]
            {
                new PgxDrift("app.users", "company_id", PgxDriftKind.TypeDiffers, "integer", "bigint"),
                new PgxDrift("app.users", "company_id", PgxDriftKind.NullabilityDiffers, "NOT NULL", "NULL"),
                new PgxDrift("app.users", "email", PgxDriftKind.ColumnMissing, "text", null),
                new PgxDrift("app.users", "email_address", PgxDriftKind.ColumnAdded, null, "text NOT NULL"),
                new PgxDrift("app.users", "last_login", PgxDriftKind.ColumnAdded, null, "timestamp with time zone"),
            },
            drift);
        Assert.Contains("app.users.email: declared as text but missing on the remote table", drift.Select(d => d.ToString()));
    }

    [Fact]
    public async Task A_dropped_remote_table_is_reported_missing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "droptable");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await scenario.App.ExecuteAsync("DROP TABLE users");

        var drift = Assert.Single(await PgxSchema.CheckForeignDriftAsync(scenario.Reporting));

        Assert.Equal(new PgxDrift("app.users", null, PgxDriftKind.TableMissing, "public.users", null), drift);
    }

    [Fact]
    public async Task Before_the_schema_is_applied_the_check_says_what_to_do()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "notapplied");

        var error = await Assert.ThrowsAsync<System.InvalidOperationException>(() => PgxSchema.CheckForeignDriftAsync(scenario.Reporting));

        Assert.Contains("app.notes", error.Message);
        Assert.Contains("server 'app_db'", error.Message);
        Assert.Contains("ApplyAsync", error.Message);
    }
}
