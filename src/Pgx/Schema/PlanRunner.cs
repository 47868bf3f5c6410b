using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// Runs a plan's steps. Steps next to each other that can run in a transaction share one (all or nothing: a fresh
/// database gets every table or none), unless a step must commit before the next; a step that cannot (<c>CREATE INDEX CONCURRENTLY</c>) runs on its own. Every
/// statement runs under <see cref="PgxApplyOptions.LockTimeout"/>; a transaction or step that gives up on a lock is
/// rolled back and tried again after a jittered pause, at most <see cref="PgxApplyOptions.LockRetries"/> times.
/// </summary>
internal static class PlanRunner
{
    private const string LockNotAvailable = "55P03";

    private const string WaitingStatement = "Pgx.Statement";

    // A deadlock with a session that read the table and then wrote it: PostgreSQL aborted one of the two.
    private const string Deadlock = "40P01";

    /// <summary>
    /// Runs <paramref name="steps"/> on <paramref name="connection"/> (open, not in a transaction), then
    /// <paramref name="finish"/> in the last steps' transaction when they run in one (so a fresh database gets its
    /// tables and foreign objects all or nothing), otherwise in a transaction of its own.
    /// </summary>
    public static async Task<List<PgxStepResult>> RunAsync(NpgsqlConnection connection, IReadOnlyList<PgxPlanStep> steps, PgxApplyOptions options, Func<NpgsqlTransaction, Task> finish, CancellationToken cancellationToken)
    {
        // A partition's move to another server needs that server and its user mapping, which the finish creates: the
        // moves run after it, and the finish runs once more for the foreign partitions they attached.
        var later = steps.Where(s => s.AfterForeignObjects).ToList();
        var undo = new List<string>();
        try
        {
            var results = await RunPhaseAsync(connection, steps.Where(s => !s.AfterForeignObjects).ToList(), options, finish, undo, cancellationToken).ConfigureAwait(false);
            if (later.Count > 0)
            {
                results.AddRange(await RunPhaseAsync(connection, later, options, finish, undo, cancellationToken).ConfigureAwait(false));
            }

            return results;
        }
        catch when (undo.Count > 0)
        {
            // A committed step that stopped writes must not outlive the apply that failed after it.
            foreach (var statement in undo)
            {
                try
                {
                    await PgxSchemaApplier.ExecuteAsync(connection, null, "SET lock_timeout = '" + LockTimeoutSetting(options) + "'; " + statement + "; RESET lock_timeout", options, CancellationToken.None).ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // The apply's own failure is the one to report; the trigger left behind refuses nothing once the apply's lock is gone.
                }
            }

            throw;
        }
    }

    private static async Task<List<PgxStepResult>> RunPhaseAsync(NpgsqlConnection connection, IReadOnlyList<PgxPlanStep> steps, PgxApplyOptions options, Func<NpgsqlTransaction, Task> finish, List<string> undo, CancellationToken cancellationToken)
    {
        var results = new List<PgxStepResult>();
        var at = 0;
        while (at < steps.Count)
        {
            var group = new List<PgxPlanStep> { steps[at] };
            while (group[^1].RunsInTransaction && !group[^1].EndsTransaction && at + group.Count < steps.Count && steps[at + group.Count].RunsInTransaction)
            {
                group.Add(steps[at + group.Count]);
            }

            at += group.Count;
            // A step that must commit on its own (a conversion's exclusive lock) does not hold its locks for the finish too.
            var last = at == steps.Count && !group[^1].EndsTransaction ? finish : null;
            results.AddRange(await WithRetriesAsync(group, options, attempt => group[0].RunsInTransaction
                ? TransactionAsync(connection, group, attempt, options, last, cancellationToken)
                : OutsideTransactionAsync(connection, group[0], attempt, options, cancellationToken), cancellationToken).ConfigureAwait(false));
            undo.AddRange(group.Where(s => s.UndoOnFailure is not null).Select(s => s.UndoOnFailure!));
            if (last is not null && group[0].RunsInTransaction)
            {
                return results;
            }
        }

        await WithRetriesAsync(new List<PgxPlanStep>(), options, attempt => TransactionAsync(connection, new List<PgxPlanStep>(), attempt, options, finish, cancellationToken), cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Runs <paramref name="steps"/> inside the caller's transaction: one attempt, under the lock timeout.</summary>
    public static async Task<List<PgxStepResult>> RunInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PgxPlanStep> steps, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var results = new List<PgxStepResult>();
        foreach (var step in steps)
        {
            var clock = Stopwatch.StartNew();
            foreach (var statement in step.Statements)
            {
                await ExecuteAsync(connection, transaction, statement, options, cancellationToken).ConfigureAwait(false);
            }

            results.Add(new PgxStepResult(step, 1, clock.Elapsed, clock.Elapsed));
        }

        return results;
    }

    /// <summary>The lock timeout as a PostgreSQL setting value, in milliseconds (0 waits without limit).</summary>
    public static string LockTimeoutSetting(PgxApplyOptions options) =>
        ((long)Math.Max(0, options.LockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private static Task<List<PgxStepResult>> WithRetriesAsync(List<PgxPlanStep> group, PgxApplyOptions options, Func<int, Task<List<PgxStepResult>>> attempt, CancellationToken cancellationToken) =>
        WithRetriesAsync(group.Count == 0 ? "the partitions' privileges and the foreign objects" : string.Join("; ", group.Select(s => s.Description)), options, attempt, cancellationToken,
            string.Join(", ", group.Select(s => s.Table).Distinct()));

    /// <summary>
    /// Runs <paramref name="attempt"/> (a whole transaction) until no lock wait gives up: a lock not granted within
    /// the lock timeout, or a deadlock, rolls it back and tries again after a jittered pause, at most
    /// <see cref="PgxApplyOptions.LockRetries"/> times; then a <see cref="TimeoutException"/> names <paramref name="tables"/>, the statement that waited and <paramref name="what"/>.
    /// </summary>
    public static async Task<T> WithRetriesAsync<T>(string what, PgxApplyOptions options, Func<int, Task<T>> attempt, CancellationToken cancellationToken, string? tables = null)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt(tries).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is LockNotAvailable or Deadlock)
            {
                if (tries > options.LockRetries)
                {
                    throw new TimeoutException(
                        "Pgx gave up on the schema change" + (string.IsNullOrEmpty(tables) ? "" : " of " + tables) + " after " + tries + " attempts: each waited "
                        + options.LockTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s (PgxApplyOptions.LockTimeout) for a lock another session held"
                        + (e.Data[WaitingStatement] is string statement ? ", at: " + statement : "") + ". Steps rolled back: " + what + ".", e);
                }

                // Jittered exponential pause, so competing appliers and the traffic in front of them spread out.
                var pause = Math.Min(2000, 100 * (1 << Math.Min(tries, 5)));
                await Task.Delay(TimeSpan.FromMilliseconds(pause * (0.5 + Random.Shared.NextDouble())), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<List<PgxStepResult>> TransactionAsync(NpgsqlConnection connection, List<PgxPlanStep> group, int attempt, PgxApplyOptions options, Func<NpgsqlTransaction, Task>? finish, CancellationToken cancellationToken)
    {
        var started = new List<(PgxPlanStep Step, TimeSpan Start, TimeSpan Duration)>();
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SET LOCAL client_min_messages = warning; SET LOCAL lock_timeout = '" + LockTimeoutSetting(options) + "'", options, cancellationToken).ConfigureAwait(false);
        foreach (var step in group)
        {
            var start = clock.Elapsed;
            foreach (var statement in step.Statements)
            {
                await ExecuteAsync(connection, transaction, statement, options, cancellationToken).ConfigureAwait(false);
            }

            started.Add((step, start, clock.Elapsed - start));
        }

        if (finish is not null)
        {
            await finish(transaction).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var committed = clock.Elapsed;
        return started.Select(s => new PgxStepResult(s.Step, attempt, s.Duration, committed - s.Start)).ToList();
    }

    private static async Task<List<PgxStepResult>> OutsideTransactionAsync(NpgsqlConnection connection, PgxPlanStep step, int attempt, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(connection, null, "SET client_min_messages = warning; SET lock_timeout = '" + LockTimeoutSetting(options) + "'", options, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var statement in step.Statements)
            {
                await ExecuteAsync(connection, null, statement, options, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, "RESET client_min_messages; RESET lock_timeout", options, CancellationToken.None).ConfigureAwait(false);
        }

        return new List<PgxStepResult> { new(step, attempt, clock.Elapsed, clock.Elapsed) };
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await PgxSchemaApplier.ExecuteAsync(connection, transaction, sql, options, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == LockNotAvailable)
        {
            // The message of the last attempt names the statement that waited.
            e.Data[WaitingStatement] = sql;
            throw;
        }
    }
}
