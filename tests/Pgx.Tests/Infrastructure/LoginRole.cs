using System;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Tests.Infrastructure;

/// <summary>
/// An application role for one test: LOGIN with a scram password, no superuser, no privileges until the test
/// grants them. Connects over TCP with its password, as an application would. Disposing drops the role.
/// </summary>
public sealed class LoginRole : IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin;

    private LoginRole(NpgsqlDataSource admin, string name, NpgsqlDataSource dataSource)
    {
        _admin = admin;
        Name = name;
        DataSource = dataSource;
    }

    /// <summary>The role's name (unique per test run: roles are shared by every database of the server).</summary>
    public string Name { get; }

    /// <summary>A data source on the same database that logs in as the role.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the role; <paramref name="options"/> are server settings for its sessions (<c>-c name=value</c>).</summary>
    public static async Task<LoginRole> CreateAsync(NpgsqlDataSource admin, string connectionString, string? options = null)
    {
        var name = "pgx_app_" + Guid.NewGuid().ToString("N").Substring(0, 10);
        var password = Guid.NewGuid().ToString("N");
        await Sql.ExecuteFormattedAsync(admin, "CREATE ROLE %I LOGIN PASSWORD %L", name, password);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Username = name, Password = password, Options = options };
        return new LoginRole(admin, name, NpgsqlDataSource.Create(builder.ConnectionString));
    }

    /// <summary>Runs a utility statement with the role's name for the first <c>%I</c> of <paramref name="format"/>.</summary>
    public Task GrantAsync(string format) => Sql.ExecuteFormattedAsync(_admin, format, Name);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Sql.ExecuteFormattedAsync(_admin, "DROP OWNED BY %I", Name);
        await Sql.ExecuteFormattedAsync(_admin, "DROP ROLE %I", Name);
    }
}
