using System;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;

namespace Pgx.Tests.Infrastructure;

/// <summary>
/// Tests of rolling partition maintenance: each test gets a fresh database holding the schema's DDL
/// (<c>PgxSchema.Sql</c>: the tables, their fixed partitions and the maintenance procedure, no rolling partition) and
/// no maintenance run yet, and maintains at the clocks below.
/// </summary>
public abstract class RollingSchemaTests : IAsyncLifetime
{
    /// <summary>The first clock: the sets' partitions from Start through March 2026 plus Premake.</summary>
    protected static readonly DateTimeOffset March15 = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A later clock: more partitions, and retention of the old ones.</summary>
    protected static readonly DateTimeOffset September10 = new(2026, 9, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The test's database on the shared server.</summary>
    protected DatabaseFixture Database { get; } = new();

    /// <summary>A data source on the test's database.</summary>
    protected NpgsqlDataSource Db => Database.DataSource;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Db.ExecuteAsync(PgxSchema.Sql);
    }

    /// <inheritdoc/>
    public Task DisposeAsync() => Database.DisposeAsync();

    /// <summary>The maintenance as SQL, at <paramref name="now"/>: <c>CALL pgx.maintain_partitions(now => …)</c>.</summary>
    protected static Task CallAsync(NpgsqlDataSource db, DateTimeOffset now) =>
        db.ExecuteAsync("CALL pgx.maintain_partitions(now => $1)", now);
}
