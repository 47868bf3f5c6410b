using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Benchmarks;

/// <summary>
/// The benchmark database: a throwaway cluster with the settings below, the generated schema, and at least
/// 1,000,000 rows in each table, created once by the host process before BenchmarkDotNet starts; the
/// benchmark processes find it through <see cref="ConnectionVariable"/>. Nothing here is timed.
/// </summary>
internal static class BenchmarkDatabase
{
    /// <summary>How the host tells the benchmark processes where the database is.</summary>
    public const string ConnectionVariable = "PGX_BENCH_CONNECTION";

    /// <summary>Rows loaded into each table before any benchmark runs.</summary>
    public const int ExistingRows = 1_000_000;

    /// <summary>Partitions of the partitioned tables (p = 1 … 25).</summary>
    public const int Partitions = 25;

    /// <summary>
    /// Server settings. Durability: fsync and full-page writes stay on (the defaults), so the WAL is written and
    /// flushed as in production; synchronous_commit is off, so a commit does not wait for its WAL flush (a
    /// crash can lose the last few hundred milliseconds of commits, never consistency). With it on, every
    /// single-row recipe would measure this VM's disk flush latency instead of round trips and server work,
    /// which is what the recipes differ in. Larger buffers and WAL keep checkpoints out of the runs.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["fsync"] = "on",
        ["full_page_writes"] = "on",
        ["synchronous_commit"] = "off",
        ["shared_buffers"] = "1GB",
        ["max_wal_size"] = "16GB",
        ["checkpoint_timeout"] = "1h",
    };

    /// <summary>Opens the database the host prepared.</summary>
    public static NpgsqlDataSource Open()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException($"{ConnectionVariable} is not set: run the benchmarks through this project's Program, which prepares the database.");
        }

        return NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Starts the cluster, applies the schema and loads the rows.</summary>
    public static async Task<PostgresServer> PrepareAsync()
    {
        var clock = Stopwatch.StartNew();
        var server = await PostgresServer.StartThrowawayAsync(Settings);
        var connectionString = await server.CreateDatabaseAsync("pgx_bench");
        await using var db = NpgsqlDataSource.Create(connectionString);
        await Pgx.Generated.PgxSchema.ApplyAsync(db);

        // The trigger table is loaded straight into its children: through the routing trigger, a million
        // rows take minutes and end in the same state.
        for (var p = 1; p <= Partitions; p++)
        {
            await ExecuteAsync(db, $"INSERT INTO trig_{p:00} (id, p, value) SELECT nextval('trig_id_seq'), {p}, md5(g::text) FROM generate_series(1, {ExistingRows / Partitions}) g");
        }

        await ExecuteAsync(db, $"INSERT INTO decl (id, p, value) SELECT nextval('decl_id_seq'), 1 + g % {Partitions}, md5(g::text) FROM generate_series(1, {ExistingRows}) g");
        await ExecuteAsync(db, $"INSERT INTO plain (id, p, value) SELECT nextval('plain_id_seq'), 1 + g % {Partitions}, md5(g::text) FROM generate_series(1, {ExistingRows}) g");
        await ExecuteAsync(db, "VACUUM ANALYZE");
        await ExecuteAsync(db, "CHECKPOINT");

        Console.WriteLine($"// Pgx.Benchmarks: PostgreSQL {await ScalarAsync(db, "SHOW server_version")} on 127.0.0.1:{server.Port}, "
            + $"{await ScalarAsync(db, "SELECT count(*) FROM trig")} rows in trig ({Partitions} trigger-routed children), "
            + $"{await ScalarAsync(db, "SELECT count(*) FROM decl")} in decl ({Partitions} declarative partitions), "
            + $"{await ScalarAsync(db, "SELECT count(*) FROM plain")} in plain; prepared in {clock.Elapsed.TotalSeconds:0}s.");
        Environment.SetEnvironmentVariable(ConnectionVariable, connectionString);
        return server;
    }

    /// <summary>Runs a statement without a command timeout (loads take minutes).</summary>
    internal static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first value of a query, as invariant text.</summary>
    internal static async Task<string> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
