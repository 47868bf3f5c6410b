using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Npgsql;

namespace Pgx.Benchmarks;

/// <summary>
/// The reporting article's queries, three ways side by side (<see cref="ForeignDatabase"/>): through postgres_fdw
/// with PostgreSQL's default server options (schema <c>pg</c>), with Pgx's (schema <c>pgx</c>), and on local
/// copies of both tables (schema <c>local</c>, the baseline and the ceiling). Each query is sent unprepared, as
/// a reporting tool sends it, so planning (and any remote estimate it asks for) is part of every operation. No job
/// of its own: the command in benchmarks/RESULTS.md gives one (in process, a few iterations), so a loaded machine
/// is not asked to build a child project.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ForeignJoinBenchmarks
{
    private NpgsqlDataSource _db = null!;
    private int _company;

    [GlobalSetup]
    public void Setup() => _db = ForeignDatabase.Open();

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>The article's join, local events with the users of one company, on local copies.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("join")]
    public Task<long> JoinLocal() => Join("local");

    /// <summary>The same join through postgres_fdw with PostgreSQL's default server options.</summary>
    [Benchmark]
    [BenchmarkCategory("join")]
    public Task<long> JoinPostgresDefaults() => Join("pg");

    /// <summary>The same join through postgres_fdw with Pgx's server options.</summary>
    [Benchmark]
    [BenchmarkCategory("join")]
    public Task<long> JoinPgxDefaults() => Join("pgx");

    /// <summary>Events per company across both tables, top ten: every user is read.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("aggregate")]
    public Task<long> AggregateLocal() => Aggregate("local");

    /// <summary>The aggregate through postgres_fdw with PostgreSQL's default server options.</summary>
    [Benchmark]
    [BenchmarkCategory("aggregate")]
    public Task<long> AggregatePostgresDefaults() => Aggregate("pg");

    /// <summary>The aggregate through postgres_fdw with Pgx's server options.</summary>
    [Benchmark]
    [BenchmarkCategory("aggregate")]
    public Task<long> AggregatePgxDefaults() => Aggregate("pgx");

    /// <summary><see cref="ForeignDatabase.InsertRows"/> rows in one <c>INSERT … SELECT</c> into a local table.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("insert")]
    public Task<long> InsertLocal() => Insert("local");

    /// <summary>The insert into the app's table through postgres_fdw with PostgreSQL's default server options.</summary>
    [Benchmark]
    [BenchmarkCategory("insert")]
    public Task<long> InsertPostgresDefaults() => Insert("pg");

    /// <summary>The insert into the app's table through postgres_fdw with Pgx's server options.</summary>
    [Benchmark]
    [BenchmarkCategory("insert")]
    public Task<long> InsertPgxDefaults() => Insert("pgx");

    /// <summary>The article's join: local events with the users of company <c>$1</c>.</summary>
    internal static string JoinSql(string schema) =>
        $"SELECT count(*) FROM events JOIN {schema}.users ON events.user_id = {schema}.users.id WHERE {schema}.users.company_id = $1";

    /// <summary>Events per company, the ten largest: every user is read.</summary>
    internal static string AggregateSql(string schema) => $"""
        SELECT sum(n)::bigint FROM (
            SELECT u.company_id, count(*) AS n FROM events e JOIN {schema}.users u ON u.id = e.user_id
            GROUP BY u.company_id ORDER BY n DESC LIMIT 10) AS top
        """;

    /// <summary><see cref="ForeignDatabase.InsertRows"/> rows in one <c>INSERT … SELECT</c>.</summary>
    internal static string InsertSql(string schema) =>
        $"INSERT INTO {schema}.visits (user_id, at, path) SELECT g, now(), '/reports/' || g FROM generate_series(1, {ForeignDatabase.InsertRows}) g";

    private Task<long> Join(string schema) => ScalarAsync(JoinSql(schema), _company++ % ForeignDatabase.Companies);

    private Task<long> Aggregate(string schema) => ScalarAsync(AggregateSql(schema), null);

    private async Task<long> Insert(string schema)
    {
        await using var command = _db.CreateCommand(InsertSql(schema));
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql, int? parameter)
    {
        await using var command = _db.CreateCommand(sql);
        command.CommandTimeout = 0;
        if (parameter is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = value });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
