using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// How long <c>PgxSchema.PlanAsync</c> takes against a live catalog, for models of 100 and 1,000 tables (the mix of
/// <see cref="GenerationBenchmarks.Model(int)"/>): on a database already at the model (what every start-up pays:
/// the plan is empty) and on an empty database (the first start-up: every table is planned).
/// </summary>
public class SchemaPlanBenchmarks
{
    private string _model = null!;
    private NpgsqlDataSource _db = null!;

    /// <summary>The number of table records in the model.</summary>
    [Params(100, 1000)]
    public int Tables { get; set; }

    /// <summary>What the database holds when the plan is made.</summary>
    [Params(DatabaseState.UpToDate, DatabaseState.Empty)]
    public DatabaseState Database { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = SchemaModels.Of(Tables);
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable(Tables, Database));
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException("Run the plan benchmark through this project's Program (`-- plan`), which prepares the databases.");
        }

        _db = NpgsqlDataSource.Create(connectionString);
        var steps = Plan().GetAwaiter().GetResult();
        if ((steps == 0) != (Database == DatabaseState.UpToDate))
        {
            throw new InvalidOperationException($"The plan of the {Database} database has {steps} steps; the benchmark would measure another case than it names.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>Reads the catalog and diffs it against the model; returns the number of steps.</summary>
    [Benchmark]
    public async Task<int> Plan() => (await PgxSchemaApplier.PlanAsync(_db, _model, null, CancellationToken.None)).Steps.Count;

    /// <summary>Where the host tells the benchmark processes which database holds which case.</summary>
    internal static string ConnectionVariable(int tables, DatabaseState state) => $"PGX_PLAN_BENCH_{tables}_{state}";

    /// <summary>
    /// Starts a throwaway cluster and makes one database per case, the up-to-date ones through
    /// <c>ApplyModelAsync</c> (timed and printed: the first start-up's apply). Nothing here is timed by BenchmarkDotNet.
    /// </summary>
    internal static async Task<PostgresServer> PrepareAsync()
    {
        var server = await PostgresServer.StartThrowawayAsync();
        foreach (var tables in new[] { 100, 1000 })
        {
            var model = SchemaModels.Of(tables);
            foreach (var state in new[] { DatabaseState.UpToDate, DatabaseState.Empty })
            {
                var connectionString = await server.CreateDatabaseAsync($"plan_{tables}_{state}");
                if (state == DatabaseState.UpToDate)
                {
                    await using var db = NpgsqlDataSource.Create(connectionString);
                    var clock = Stopwatch.StartNew();
                    var report = await PgxSchemaApplier.ApplyModelAsync(db, model, null, null, CancellationToken.None);
                    Console.WriteLine($"// {tables} tables: the first apply on an empty database ran {report.Steps.Count} steps in {clock.Elapsed.TotalSeconds:0.00} s.");
                }

                Environment.SetEnvironmentVariable(ConnectionVariable(tables, state), connectionString);
            }
        }

        return server;
    }
}

/// <summary>What the database holds when the plan is made.</summary>
public enum DatabaseState
{
    /// <summary>Everything the model has: the plan is empty (every start-up after the first).</summary>
    UpToDate,

    /// <summary>Nothing: every table is planned (the first start-up).</summary>
    Empty,
}
