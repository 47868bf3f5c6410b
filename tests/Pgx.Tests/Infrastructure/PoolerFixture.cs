using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Tests.Infrastructure;

/// <summary>
/// A fresh database with the generated schema, and a PgBouncer in transaction mode in front of it with two server
/// connections: the pooler setup that breaks session state such as prepared statements.
/// </summary>
public sealed class PoolerFixture : IAsyncLifetime
{
    private readonly SchemaFixture _schema = new();
    private PgBouncer? _bouncer;
    private NpgsqlDataSource? _dataSource;

    /// <summary>Server connections PgBouncer keeps for the database.</summary>
    public const int ServerConnections = 2;

    /// <summary>The database, directly.</summary>
    public NpgsqlDataSource Direct => _schema.DataSource;

    /// <summary>The database's connection string, directly.</summary>
    public string DirectConnectionString => _schema.ConnectionString;

    /// <summary>The same database through PgBouncer.</summary>
    public NpgsqlDataSource DataSource => _dataSource!;

    /// <summary>PgBouncer.</summary>
    public PgBouncer Bouncer => _bouncer!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        _bouncer = await PgBouncer.StartAsync(await PostgresServer.SharedAsync(), "transaction", ServerConnections);
        _dataSource = NpgsqlDataSource.Create(_bouncer.Through(_schema.ConnectionString));
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_bouncer is not null)
        {
            await _bouncer.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }
}
