using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Sql;

namespace Pgx.Schema;

/// <summary>
/// Maintenance of rolling partition sets: creates every missing partition from Start (or the oldest kept) through
/// "now" plus Premake, moves rows waiting in the default partition into the partition made for them, retires
/// partitions older than the retention (detach or drop; never the one holding "now"), and for trigger routing
/// rewrites the routing function so that every child has a static branch. Each batch of partitions is one
/// transaction under the lock timeout, retried like a plan step; a second run with the same "now" changes nothing.
/// </summary>
internal static class RollingMaintenance
{
    /// <summary>Partitions created or retired per transaction: few enough to keep each lock short and the lock table small.</summary>
    private const int PartitionsPerTransaction = 50;

    /// <summary>Maintains every rolling set of <paramref name="model"/> that Pgx maintains.</summary>
    public static async Task<PgxMaintenanceReport> RunAsync(NpgsqlConnection connection, SchemaModel model, DateTimeOffset now, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var work = new Work();
        foreach (var table in model.Tables.Where(t => t.Partitioning?.Rolling is { Maintainer: "pgx" }))
        {
            await MaintainAsync(connection, table, now, options, work, cancellationToken).ConfigureAwait(false);
        }

        return new PgxMaintenanceReport(work.Created, work.Detached, work.Dropped, work.RowsMoved);
    }

    private static RollingInterval Rule(TableModel table)
    {
        var rolling = table.Partitioning!.Rolling!;
        return RollingInterval.Parse(rolling.Interval, rolling.IntegerKey, out var reason)
            ?? throw new InvalidOperationException("The rolling interval '" + rolling.Interval + "' of " + table.Schema + "." + table.Name + " is not valid: " + reason);
    }

    private static async Task MaintainAsync(NpgsqlConnection connection, TableModel table, DateTimeOffset now, PgxApplyOptions options, Work work, CancellationToken cancellationToken)
    {
        var partitioning = table.Partitioning!;
        var rolling = partitioning.Rolling!;
        var rule = Rule(table);
        var set = new RollingSet(table, rule);

        var children = await set.ChildrenAsync(connection, cancellationToken).ConfigureAwait(false);
        var existing = new SortedDictionary<long, string>();
        foreach (var child in SchemaDiff.RollingChildren(table, children))
        {
            existing[rule.PartitionNamed(table.Name, child)!.Value] = child;
        }

        long? start = rolling.Start is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null;
        var nowValue = rolling.IntegerKey
            ? await set.LargestKeyAsync(connection, cancellationToken).ConfigureAwait(false) ?? start ?? 0
            : set.TimeOf(now);
        var nowPartition = rule.PartitionOf(nowValue);
        var first = start is { } from ? rule.PartitionOf(from) : existing.Count > 0 ? Math.Min(existing.Keys.First(), nowPartition) : nowPartition;
        long? cutoff = null;
        if (rolling.Retain is { } retain)
        {
            cutoff = (RollingInterval.Parse(retain, rolling.IntegerKey, out _) ?? rule).Before(nowValue);
            first = Math.Max(first, rule.PartitionOf(cutoff.Value));
        }

        var last = nowPartition + rolling.Premake;
        var tables = await set.TablesNamedLikeChildrenAsync(connection, cancellationToken).ConfigureAwait(false);
        var missing = new List<long>();
        for (var partition = first; partition <= last; partition++)
        {
            // A table of that name that is no partition was detached by retention (or made by someone else): never recreated.
            if (!existing.ContainsKey(partition) && !tables.Contains(rule.ChildName(table.Name, partition)))
            {
                missing.Add(partition);
            }
        }

        var retired = cutoff is { } before
            ? existing.Keys.Where(p => p != nowPartition && rule.LowerBound(p + 1) <= before).ToList()
            : new List<long>();

        foreach (var batch in Batches(missing))
        {
            await InTransactionAsync(connection, options, async transaction =>
            {
                var moved = 0L;
                foreach (var partition in batch)
                {
                    moved += await set.CreateAsync(connection, transaction, partition, children, options, cancellationToken).ConfigureAwait(false);
                    await set.MirrorAsync(connection, transaction, partition, options, cancellationToken).ConfigureAwait(false);
                }

                foreach (var partition in batch)
                {
                    existing[partition] = rule.ChildName(table.Name, partition);
                }

                await set.RewriteRoutingAsync(connection, transaction, existing, options, cancellationToken).ConfigureAwait(false);
                return () =>
                {
                    work.Created.AddRange(batch.Select(p => set.Qualified(rule.ChildName(table.Name, p))));
                    work.RowsMoved += moved;
                };
            }, batch, table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var batch in Batches(retired))
        {
            await InTransactionAsync(connection, options, async transaction =>
            {
                foreach (var partition in batch)
                {
                    await set.RetireAsync(connection, transaction, existing[partition], rolling.RetentionMode == "drop", options, cancellationToken).ConfigureAwait(false);
                }

                var names = batch.Select(p => set.Qualified(existing[p])).ToList();
                foreach (var partition in batch)
                {
                    existing.Remove(partition);
                }

                await set.RewriteRoutingAsync(connection, transaction, existing, options, cancellationToken).ConfigureAwait(false);
                return () => (rolling.RetentionMode == "drop" ? work.Dropped : work.Detached).AddRange(names);
            }, batch, table, cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count == 0 && retired.Count == 0 && partitioning.IsTriggerRouted)
        {
            // Nothing to create or retire, but a routing function left stale (by a re-apply of the fixed-only function,
            // or by hand) still gets every child's branch back.
            await InTransactionAsync(connection, options, async transaction =>
            {
                await set.RewriteRoutingAsync(connection, transaction, existing, options, cancellationToken).ConfigureAwait(false);
                return () => { };
            }, new List<long>(), table, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<List<long>> Batches(List<long> partitions)
    {
        for (var i = 0; i < partitions.Count; i += PartitionsPerTransaction)
        {
            yield return partitions.Skip(i).Take(PartitionsPerTransaction).ToList();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> in a transaction under the lock timeout; a lock not granted in time (or a deadlock
    /// with a reader that wanted to write) rolls it back and tries again, as plan steps do. <paramref name="body"/>
    /// returns what to record once the transaction has committed.
    /// </summary>
    private static async Task InTransactionAsync(NpgsqlConnection connection, PgxApplyOptions options, Func<NpgsqlTransaction, Task<Action>> body, List<long> batch, TableModel table, CancellationToken cancellationToken)
    {
        var description = "Maintain the rolling partitions of " + table.Schema + "." + table.Name;
        var record = await PlanRunner.WithRetriesAsync(description, options, async _ =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await PgxSchemaApplier.ExecuteAsync(connection, transaction, "SET LOCAL client_min_messages = warning; SET LOCAL lock_timeout = '" + PlanRunner.LockTimeoutSetting(options) + "'", options, cancellationToken).ConfigureAwait(false);
            var after = await body(transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return after;
        }, cancellationToken).ConfigureAwait(false);
        record();
    }

    private sealed class Work
    {
        public List<string> Created { get; } = new();

        public List<string> Detached { get; } = new();

        public List<string> Dropped { get; } = new();

        public long RowsMoved { get; set; }
    }
}
