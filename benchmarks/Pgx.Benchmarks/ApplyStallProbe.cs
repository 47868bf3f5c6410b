using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using static Pgx.Benchmarks.BenchmarkDatabase;

namespace Pgx.Benchmarks;

/// <summary>
/// What an index added to the model costs a running application: <c>PgxSchema.ApplyAsync</c> adds the index on value
/// to a 1,000,000-row, 25-partition table (declarative, then trigger-routed) while one writer inserts single rows
/// through the generated repository, and the writer's insert latencies are compared with a stretch of the same
/// writer without the apply. A measured program rather than BenchmarkDotNet: what matters is the distribution of
/// many individual inserts while one long operation runs next to them, which BenchmarkDotNet's repeated,
/// independent invocations cannot express.
/// </summary>
internal static class ApplyStallProbe
{
    private const int Rows = 1_000_000;
    private const int Partitions = 25;
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(20);

    public static async Task RunAsync()
    {
        await using var server = await PostgresServer.StartThrowawayAsync(BenchmarkDatabase.Settings);
        var connectionString = await server.CreateDatabaseAsync("pgx_apply_stall");
        await using var admin = NpgsqlDataSource.Create(connectionString);
        await using var writerDb = NpgsqlDataSource.Create(connectionString);
        await PgxSchema.ApplyAsync(admin);
        var lockTimeout = new PgxApplyOptions().LockTimeout;
        Console.WriteLine($"// PostgreSQL {await ScalarAsync(admin, "SHOW server_version")} on 127.0.0.1:{server.Port}; lock timeout {lockTimeout.TotalSeconds:0} s (the default).");

        var declarative = new StallDeclarativeRowRepository(writerDb);
        await MeasureAsync(admin, "stall_decl", declarative: true, i => declarative.InsertAsync(new StallDeclarativeRow(0, 1 + (i % Partitions), "writer")), lockTimeout);
        var trigger = new StallTriggerRowRepository(writerDb);
        await MeasureAsync(admin, "stall_trig", declarative: false, i => trigger.InsertAsync(new StallTriggerRow(0, 1 + (i % Partitions), "writer")), lockTimeout);
    }

    private static async Task MeasureAsync(NpgsqlDataSource db, string table, bool declarative, Func<int, Task> insert, TimeSpan lockTimeout)
    {
        // The previous version of the model: the table without the index on value, then the rows.
        await using (var find = db.CreateCommand("SELECT indexname FROM pg_catalog.pg_indexes WHERE schemaname = 'public' AND (tablename = $1 OR tablename LIKE $1 || '\\_%') AND indexdef LIKE '%(value)' ORDER BY tablename = $1 DESC"))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = table });
            var names = new List<string>();
            await using (var reader = await find.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var name in names)
            {
                await ExecuteAsync(db, "DROP INDEX IF EXISTS public." + Quote(name));
            }
        }

        var clock = Stopwatch.StartNew();
        if (declarative)
        {
            await ExecuteAsync(db, $"INSERT INTO public.{Quote(table)} (id, p, value) SELECT nextval({Literal("public." + table + "_id_seq")}), 1 + g % {Partitions}, md5(g::text) FROM generate_series(1, {Rows}) g");
        }
        else
        {
            // Straight into the children: through the routing trigger a million rows take minutes and end the same.
            for (var p = 1; p <= Partitions; p++)
            {
                await ExecuteAsync(db, $"INSERT INTO public.{Quote($"{table}_{p:00}")} (id, p, value) SELECT nextval({Literal("public." + table + "_id_seq")}), {p}, md5(g::text) FROM generate_series(1, {Rows / Partitions}) g");
            }
        }

        await ExecuteAsync(db, $"VACUUM ANALYZE public.{Quote(table)}");
        await ExecuteAsync(db, "CHECKPOINT");
        var plan = await PgxSchema.PlanAsync(db);
        Console.WriteLine();
        Console.WriteLine($"== {table} ({(declarative ? "declarative" : "trigger-routed")}): {await ScalarAsync(db, $"SELECT count(*) FROM public.{Quote(table)}")} rows, loaded in {clock.Elapsed.TotalSeconds:0} s; plan: {plan.Steps.Count} steps, hazards {string.Join(", ", plan.Steps.Select(s => s.Hazards).Distinct())}.");

        // Without the apply: the writer alone.
        using (var stop = new CancellationTokenSource(Baseline))
        {
            var alone = await WriteUntilAsync(insert, stop.Token);
            Print("writer alone", alone, lockTimeout);
        }

        // During the apply: the writer from just before the apply starts until it ends.
        PgxApplyReport report;
        var applyClock = new Stopwatch();
        using (var stop = new CancellationTokenSource())
        {
            var writer = WriteUntilAsync(insert, stop.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            applyClock.Start();
            report = await PgxSchema.ApplyAsync(db);
            applyClock.Stop();
            stop.Cancel();
            Print("writer during apply", await writer, lockTimeout);
        }

        Console.WriteLine($"apply: {applyClock.Elapsed.TotalSeconds:0.00} s, {report.Steps.Count} steps, {report.Steps.Sum(s => s.Attempts - 1)} retries after a lock timeout; "
            + $"longest step {report.Steps.Max(s => s.Duration).TotalSeconds:0.00} s; longest lock held {report.Steps.Max(s => s.LocksHeld).TotalMilliseconds:0.0} ms ({report.Steps.MaxBy(s => s.LocksHeld)!.Step.Description}).");
        foreach (var step in report.Steps)
        {
            Console.WriteLine($"  {step.Duration.TotalMilliseconds,9:0.0} ms  locks {step.LocksHeld.TotalMilliseconds,9:0.0} ms  x{step.Attempts}  {(step.Step.RunsInTransaction ? "tx " : "out")}  {step.Step.Description}");
        }

        var after = await PgxSchema.PlanAsync(db);
        Console.WriteLine($"plan after the apply: {(after.IsEmpty ? "empty" : after.Steps.Count + " steps: " + string.Join("; ", after.Steps.Select(s => s.Description)))}.");
    }

    private sealed record Samples(List<double> Milliseconds, int Errors, string? FirstError, TimeSpan Elapsed);

    private static async Task<Samples> WriteUntilAsync(Func<int, Task> insert, CancellationToken stop)
    {
        await Task.Yield();
        var samples = new List<double>(100_000);
        var errors = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                // Not cancelled by stop: an insert in flight finishes and is counted.
                await insert(i);
            }
            catch (Exception e) when (e is NpgsqlException or PgxPartitionException)
            {
                errors++;
                first ??= e.Message;
            }

            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return new Samples(samples, errors, first, clock.Elapsed);
    }

    private static void Print(string label, Samples samples, TimeSpan lockTimeout)
    {
        var sorted = samples.Milliseconds.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-20}: {sorted.Length,7} inserts in {samples.Elapsed.TotalSeconds,5:0.0} s  p50 {At(0.50),7:0.000} ms  p99 {At(0.99),8:0.000} ms  p99.9 {At(0.999),8:0.000} ms  max {sorted[^1],9:0.000} ms  "
            + $"over the lock timeout: {sorted.Count(ms => ms > lockTimeout.TotalMilliseconds)}  errors: {samples.Errors}{(samples.FirstError is null ? "" : " (" + samples.FirstError + ")")}"));
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
