using System.Threading.Tasks;

namespace Pgx.Tests.Infrastructure;

/// <summary>A fresh database with this assembly's generated schema applied once.</summary>
public sealed class SchemaFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    /// <summary>The database.</summary>
    public Npgsql.NpgsqlDataSource DataSource => _database.DataSource;

    /// <summary>Its connection string.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await Pgx.Generated.PgxSchema.ApplyAsync(_database.DataSource);
    }

    /// <inheritdoc/>
    public Task DisposeAsync() => _database.DisposeAsync();
}
