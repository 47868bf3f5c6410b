using System;
using System.Diagnostics;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using static Pgx.Benchmarks.BenchmarkDatabase;

namespace Pgx.Benchmarks;

/// <summary>
/// What converting a trigger-routed table to declarative partitioning in place costs, at 1,000,000 and 10,000,000
/// rows in 25 children: the table is built by hand as a trigger-routed one (children that INHERITS it with a CHECK and
/// a primary key each, a routing trigger), loaded with generate_series, and <c>PgxSchema.ApplyAsync</c> of the
/// declarative model (ConversionModels.cs) converts it while one writer inserts through the parent. Printed: the
/// locking step alone three times (run and rolled back at DEBUG1, after the concurrent builds), then the whole
/// conversion, each step, how long the exclusive lock was held, and the writer's slowest insert. A measured program
/// rather than BenchmarkDotNet: one long operation, once per size, next to a writer.
/// </summary>
internal static class ConversionProbe
{
    private const int Children = 25;

    public static async Task RunAsync(long[] sizes)
    {
        await using var server = await PostgresServer.StartThrowawayAsync(BenchmarkDatabase.Settings);
        foreach (var rows in sizes)
        {
            var connectionString = await server.CreateDatabaseAsync("pgx_convert_" + rows.ToString(CultureInfo.InvariantCulture));
            await using var db = NpgsqlDataSource.Create(connectionString);
            Console.WriteLine();
            Console.WriteLine($"// PostgreSQL {await ScalarAsync(db, "SHOW server_version")} on 127.0.0.1:{server.Port}; lock timeout {new PgxApplyOptions().LockTimeout.TotalSeconds:0} s (the default).");
            await MeasureAsync(db, rows);
        }
    }

    private static async Task MeasureAsync(NpgsqlDataSource db, long rows)
    {
        var clock = Stopwatch.StartNew();
        var ddl = new StringBuilder("CREATE TABLE conv (id bigserial PRIMARY KEY, p integer NOT NULL, value text);\n");
        var routes = new StringBuilder();
        for (var i = 1; i <= Children; i++)
        {
            ddl.Append(CultureInfo.InvariantCulture, $"CREATE TABLE conv_{i:00} (CHECK (p = {i}), PRIMARY KEY (id)) INHERITS (conv);\n");
            routes.Append(CultureInfo.InvariantCulture, $"{(i == 1 ? "IF" : "ELSIF")} NEW.p = {i} THEN INSERT INTO conv_{i:00} VALUES (NEW.*); ");
        }

        ddl.Append("CREATE FUNCTION conv_route() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ").Append(routes).Append("ELSE RAISE EXCEPTION 'no child for %', NEW.p; END IF; RETURN NULL; END $$;\n");
        ddl.Append("CREATE TRIGGER conv_route BEFORE INSERT ON conv FOR EACH ROW EXECUTE FUNCTION conv_route();\n");
        await ExecuteAsync(db, ddl.ToString());
        for (var i = 1; i <= Children; i++)
        {
            // Straight into the children, as a bulk load would; through the trigger it takes minutes and ends the same.
            await ExecuteAsync(db, $"INSERT INTO conv_{i:00} (p, value) SELECT {i}, md5(g::text) FROM generate_series(1, {rows / Children}) g");
        }

        await ExecuteAsync(db, "VACUUM ANALYZE conv");
        await ExecuteAsync(db, "CHECKPOINT");
        Console.WriteLine($"== conv: {await ScalarAsync(db, "SELECT count(*) FROM conv")} rows in {Children} children, built and loaded in {clock.Elapsed.TotalSeconds:0} s.");

        // The server's own account first: the concurrent builds, then the locking step three times at DEBUG1, rolled
        // back: its time without a writer in front of it, and whether each ATTACH found its child's CHECK enough.
        var plan = await PgxSchema.PlanAsync(db);
        await using (var connection = await db.OpenConnectionAsync())
        {
            foreach (var step in plan.Steps.Where(s => !s.RunsInTransaction))
            {
                foreach (var statement in step.Sql.Split('\n'))
                {
                    await using var command = new NpgsqlCommand(statement, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }

            var implied = 0;
            connection.Notice += (_, e) => implied += e.Notice.MessageText.EndsWith("is implied by existing constraints", StringComparison.Ordinal) ? 1 : 0;
            var runs = new List<double>();
            for (var run = 0; run < 3; run++)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var debug = new NpgsqlCommand("SET LOCAL client_min_messages = debug1", connection, transaction))
                {
                    await debug.ExecuteNonQueryAsync();
                }

                var start = Stopwatch.GetTimestamp();
                await using (var dryRun = new NpgsqlCommand(plan.Steps[^1].Sql, connection, transaction))
                {
                    await dryRun.ExecuteNonQueryAsync();
                }

                runs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                await transaction.RollbackAsync();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"locking step alone, rolled back: {string.Join(" / ", runs.Select(ms => ms.ToString("0.0", CultureInfo.InvariantCulture)))} ms; ATTACH found the CHECK enough (DEBUG1) {implied / 3} of {Children} times."));
        }

        // One writer through the parent all along: before, during and after the conversion.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            var (count, errors, slowest) = (0, 0, 0.0);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await using var insert = new NpgsqlCommand("INSERT INTO conv (p, value) VALUES ($1, 'writer')", connection);
                    insert.Parameters.Add(new NpgsqlParameter { Value = 1 + (n % Children) });
                    await insert.ExecuteNonQueryAsync();
                    count++;
                }
                catch (NpgsqlException)
                {
                    errors++;
                }

                slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return (count, errors, slowest);
        });
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var applyClock = Stopwatch.StartNew();
        var report = await PgxSchema.ApplyAsync(db);
        applyClock.Stop();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        stop.Cancel();
        var (inserted, failed, slowestInsert) = await writer;

        var steps = report.Steps.Where(s => s.Step.Table == "public.conv").ToList();
        var swap = steps.Single(s => s.Step.Description.StartsWith("Convert ", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"conversion: {steps.Sum(s => s.Duration.TotalSeconds):0.00} s in {steps.Count} steps (apply in all {applyClock.Elapsed.TotalSeconds:0.00} s); exclusive lock held {swap.LocksHeld.TotalMilliseconds:0.0} ms, x{swap.Attempts}; "
            + $"writer: {inserted} inserts, {failed} errors, slowest {slowestInsert:0.0} ms."));
        foreach (var step in steps)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step.Duration.TotalMilliseconds,9:0.0} ms  locks {step.LocksHeld.TotalMilliseconds,9:0.0} ms  x{step.Attempts}  {(step.Step.RunsInTransaction ? "tx " : "out")}  {Shorten(step.Step.Description)}"));
        }

        Console.WriteLine($"rows after: {await ScalarAsync(db, "SELECT count(*) FROM conv")}; relkind {await ScalarAsync(db, "SELECT relkind FROM pg_class WHERE oid = 'conv'::regclass")}; plan after: {((await PgxSchema.PlanAsync(db)).IsEmpty ? "empty" : "not empty")}.");
    }

    private static string Shorten(string description) => description.Length <= 110 ? description : description[..110] + "…";
}
