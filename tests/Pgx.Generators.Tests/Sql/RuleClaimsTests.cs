using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// A fresh database holding the trigger-routed table t of "When Your Postgres Database and ORM Collide:
/// Partitioning" (DDL from the real generator).
/// </summary>
public sealed class TriggerRoutedDatabase : IAsyncLifetime
{
    /// <summary>A data source on the database.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>Its connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync(nameof(RuleClaimsTests));
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = DataSource.CreateCommand(GeneratorRun.Of(Models.TriggerList).SchemaSql);
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}

/// <summary>
/// What each SQL rule says about trigger-routed tables, checked on a real PostgreSQL through the real
/// libraries whose call sites the rules read (Dapper, Npgsql, EF Core): the diagnostics are not folklore.
/// </summary>
public sealed class RuleClaimsTests : IClassFixture<TriggerRoutedDatabase>
{
    private readonly TriggerRoutedDatabase _db;

    public RuleClaimsTests(TriggerRoutedDatabase db) => _db = db;

    [Fact]
    public async Task PGX0101_insert_returning_through_dapper_returns_no_row()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long?>("INSERT INTO t (p, value) VALUES (@p, @value) RETURNING id", new { p = 1, value = "pgx0101" });
        Assert.Null(id);
        Assert.Equal("t1", await connection.ExecuteScalarAsync<string>("SELECT tableoid::regclass::text FROM t WHERE value = 'pgx0101'"));
    }

    [Fact]
    public async Task PGX0103_on_conflict_on_the_parent_does_not_catch_the_duplicate()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        const string upsert = "INSERT INTO t (id, p, value) VALUES (@id, 2, 'pgx0103') ON CONFLICT (id) DO NOTHING";
        await connection.ExecuteAsync(upsert, new { id = 1_000_103L });
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(upsert, new { id = 1_000_103L }));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("t2", error.TableName);
    }

    [Fact]
    public async Task PGX0102_currval_cannot_use_the_key_index_a_parameter_can()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("INSERT INTO t (p) VALUES (1), (2); SET enable_seqscan = off");

        var withCurrval = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN SELECT * FROM t WHERE id = currval('t_id_seq')"));
        var withParameter = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN SELECT * FROM t WHERE id = @id", new { id = 1L }));

        Assert.Contains("Seq Scan on t1", withCurrval);
        Assert.Contains("Seq Scan on t2", withCurrval);
        Assert.DoesNotContain("Index", withCurrval);
        Assert.Contains("Index Scan using t1_pkey on t1", withParameter);
        Assert.Contains("Index Scan using t2_pkey on t2", withParameter);
    }

    [Fact]
    public async Task PGX0105_ef_core_savechanges_fails_on_the_zero_row_result()
    {
        var options = new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(_db.ConnectionString).Options;
        await using var context = new ApplicationDbContext(options);
        context.Rows.Add(new RowOfT { P = 1, Value = "pgx0105" });

        var error = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => context.SaveChangesAsync());
        Assert.Contains("expected to affect 1 row(s), but actually affected 0 row(s)", error.Message);
    }

    /// <summary>An EF Core context over the table t, the way an application maps it.</summary>
    public sealed class ApplicationDbContext : DbContext
    {
        public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
            : base(options)
        {
        }

        public DbSet<RowOfT> Rows => Set<RowOfT>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<RowOfT>(row =>
            {
                row.ToTable("t");
                row.Property(r => r.Id).HasColumnName("id");
                row.Property(r => r.P).HasColumnName("p");
                row.Property(r => r.Value).HasColumnName("value");
            });
    }

    /// <summary>A row of t.</summary>
    public sealed class RowOfT
    {
        public long Id { get; set; }

        public int P { get; set; }

        public string? Value { get; set; }
    }
}
