using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// Where the time of a plan goes: the 1,000-table model planned against its up-to-date database a few times, with
/// the server's own statement times (pg_stat_statements) grouped by what the statements are, beside the wall time
/// the caller saw. Not a benchmark: an attribution of <see cref="SchemaPlanBenchmarks"/>'s number.
/// </summary>
internal static class PlanProfile
{
    private const int Tables = 1000;
    private const int Runs = 5;

    public static async Task RunAsync()
    {
        await using var server = await PostgresServer.StartThrowawayAsync(new Dictionary<string, string> { ["shared_preload_libraries"] = "pg_stat_statements" });
        var model = SchemaModels.Of(Tables);
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("plan_profile"));
        await PgxSchemaApplier.ApplyModelAsync(db, model, null, null, CancellationToken.None);
        await ExecuteAsync(db, "CREATE EXTENSION pg_stat_statements");
        await PgxSchemaApplier.PlanAsync(db, model, null, CancellationToken.None);
        await ExecuteAsync(db, "SELECT pg_stat_statements_reset()");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            if (!(await PgxSchemaApplier.PlanAsync(db, model, null, CancellationToken.None)).IsEmpty)
            {
                throw new InvalidOperationException("The plan of the up-to-date database is not empty.");
            }
        }

        Console.WriteLine($"{Tables} tables, up to date: {Runs} plans in {clock.Elapsed.TotalSeconds:0.00} s, {clock.Elapsed.TotalMilliseconds / Runs:0} ms each (wall, caller side).");
        Console.WriteLine("server time per plan, by kind of statement (pg_stat_statements):");
        await using var command = db.CreateCommand("""
            SELECT CASE
                     WHEN query LIKE 'SAVEPOINT pgx_probe%' OR query LIKE 'CREATE TEMPORARY TABLE%' OR query LIKE 'ALTER TABLE pgx_probe%' THEN 'bound probe: temporary copies created'
                     WHEN query LIKE 'ROLLBACK TO SAVEPOINT pgx_probe%' OR query LIKE 'RELEASE SAVEPOINT pgx_probe%' THEN 'bound probe: rolled back'
                     WHEN query LIKE '%pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.conrelid = $1::regclass%'
                       OR query LIKE '%relpartbound, c.oid) FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass%' THEN 'bound probe: read back'
                     WHEN query LIKE 'pg_stat_statements%' OR query LIKE '%pg_stat_statements%' THEN NULL
                     ELSE 'catalog read: ' || pg_catalog.left(pg_catalog.regexp_replace(query, '\s+', ' ', 'g'), 70)
                   END AS kind,
                   sum(calls) AS calls, sum(total_exec_time) AS ms
            FROM pg_stat_statements
            GROUP BY 1
            ORDER BY 3 DESC
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var total = 0.0;
        while (await reader.ReadAsync())
        {
            if (reader.IsDBNull(0))
            {
                continue;
            }

            var ms = reader.GetDouble(2) / Runs;
            total += ms;
            Console.WriteLine($"  {ms,8:0.0} ms  {reader.GetDecimal(1) / Runs,6:0} statements  {reader.GetString(0)}");
        }

        Console.WriteLine($"  {total,8:0.0} ms  in all on the server; the rest of the wall time is round trips and the client (catalog to model, diff).");
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
