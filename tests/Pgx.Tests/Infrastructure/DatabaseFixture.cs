using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Tests.Infrastructure;

/// <summary>
/// A fresh database on the shared server for one test class: tests in a class share it, classes never
/// see each other's rows.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    /// <summary>The server (PGX_CONNECTION or the run's throwaway cluster).</summary>
    public PostgresServer Server { get; private set; } = null!;

    /// <summary>The connection string of this class's database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on this class's database.</summary>
    public NpgsqlDataSource DataSource => _dataSource!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        ConnectionString = await Server.CreateDatabaseAsync(GetType().Name);
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
