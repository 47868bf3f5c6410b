using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;
using Xunit.Abstractions;

namespace Pgx.Generators.Tests.Schema;

/// <summary>
/// Four writers, each on its own connection, insert without pause while <c>ApplyAsync</c> makes each kind of change;
/// none of them may see an error, and every row, old or new, must be there afterwards with its values.
/// </summary>
public sealed class ConcurrentWriterEvolutionTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    private static string Items(string record) => """
        using Pgx;
        namespace Shop;
        [PgTable("items")]
        """ + "\n" + record + "\n";

    private const string ItemsV1 = "public sealed record Item([property: PgKey] long Id, string Name, int Qty, string? Comment);";

    private static string Events(string partitions) => """
        using Pgx;
        namespace Telemetry;
        [PgTable("events")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        """ + "\n" + partitions + "\n" + """
        [DefaultPartition("events_other")]
        public sealed record Event([property: PgKey] long Id, string Region, double Reading);
        """;

    private static string Routed(string partitions) => """
        using Pgx;
        namespace Shop;
        [PgTable("t")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        """ + "\n" + partitions + "\n" + """
        [DefaultPartition("t_other")]
        public sealed record T([property: PgKey] long Id, int P, string? Value);
        """;

    /// <summary>One change: the two versions, the rows already there, how a writer inserts, and what identifies a row's values.</summary>
    private sealed record Change(string V1, string V2, string Table, string Seed, string RowText, Func<ModelVersion, NpgsqlConnection, int, int, Task> Insert, string? After = null);

    private static readonly Dictionary<string, Change> Changes = new()
    {
        ["a column added"] = new(Items(ItemsV1), Items("public sealed record Item([property: PgKey] long Id, string Name, int Qty, string? Comment, string? Note);"),
            "items", ItemsSeed, "id || ':' || name || ':' || qty || ':' || comment", InsertItem),
        ["a column retyped (widening)"] = new(Items(ItemsV1), Items("public sealed record Item([property: PgKey] long Id, string Name, long Qty, string? Comment);"),
            "items", ItemsSeed, "id || ':' || name || ':' || qty || ':' || comment", InsertItem),
        ["NOT NULL added"] = new(Items(ItemsV1), Items("public sealed record Item([property: PgKey] long Id, string Name, int Qty, string Comment);"),
            "items", ItemsSeed, "id || ':' || name || ':' || qty || ':' || comment", InsertItem),
        ["a primary-key change"] = new(Items(ItemsV1), Items("public sealed record Item([property: PgKey] long Id, string Name, [property: PgKey] int Qty, string? Comment);"),
            "items", ItemsSeed, "id || ':' || name || ':' || qty || ':' || comment", InsertItem),
        ["a partition added with rows waiting in the default"] = new(
            Events("""[ListPartition("events_eu", "eu")] [ListPartition("events_us", "us")]"""),
            Events("""[ListPartition("events_eu", "eu")] [ListPartition("events_us", "us")] [ListPartition("events_ap", "ap")]"""),
            "events", EventsSeed, "id || ':' || region || ':' || reading", InsertEvent,
            "SELECT count(*) FROM events_other WHERE region = 'ap'"),
        ["a LIST value moved between partitions"] = new(
            Events("""[ListPartition("events_eu", "eu", "uk")] [ListPartition("events_us", "us")]"""),
            Events("""[ListPartition("events_eu", "eu")] [ListPartition("events_us", "us", "uk")]"""),
            "events", EventsSeed, "id || ':' || region || ':' || reading", InsertEvent,
            "SELECT count(*) FROM events_eu WHERE region = 'uk'"),
        ["a trigger-routed table's CHECK bounds changed"] = new(
            Routed("""[ListPartition("t1", 1, 2)] [ListPartition("t2", 3)]"""),
            Routed("""[ListPartition("t1", 1)] [ListPartition("t2", 2, 3)]"""),
            "t", "INSERT INTO t (p, value) SELECT 1 + i % 4, 'seed ' || i FROM generate_series(1, 20000) i", "id || ':' || p || ':' || value", InsertRouted,
            "SELECT count(*) FROM ONLY t1 WHERE p = 2"),
    };

    private const string ItemsSeed = "INSERT INTO items (name, qty, comment) SELECT 'seed ' || i, i, 'c' || i FROM generate_series(1, 20000) i";

    private const string EventsSeed = "INSERT INTO events (region, reading) SELECT (ARRAY['eu', 'us', 'uk', 'ap'])[1 + i % 4], i FROM generate_series(1, 20000) i";

    public static TheoryData<string> ChangeKinds() => new(Changes.Keys);

    [Theory]
    [MemberData(nameof(ChangeKinds))]
    public async Task Writers_inserting_during_the_apply_see_no_error_and_every_row_is_kept(string kind)
    {
        var change = Changes[kind];
        await using var db = await ModelVersion.DatabaseAsync("writers_" + Changes.Keys.ToList().IndexOf(kind));
        var v1 = ModelVersion.Compile(change.V1);
        var v2 = ModelVersion.Compile(change.V2);
        await v1.ApplyAsync(db);
        await db.ExecuteAsync(change.Seed);
        var checksum = "SELECT count(*) || ' ' || md5(string_agg(" + change.RowText + ", ',' ORDER BY id)) FROM " + change.Table + " WHERE id <= $1";
        var seeded = await db.ScalarAsync<long>("SELECT max(id) FROM " + change.Table);
        var before = await db.ScalarAsync<string>(checksum, seeded);

        var errors = new ConcurrentQueue<Exception>();
        var written = new int[Writers];
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await change.Insert(v1, connection, w, written[w]);
                    Interlocked.Increment(ref written[w]);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                    return;
                }
            }
        })).ToList();
        await WhileWritersRunAsync(written, errors, 10);

        var report = await v2.ApplyAsync(db);
        await WhileWritersRunAsync(written, errors, 10);
        stop.Cancel();
        await Task.WhenAll(writers);

        foreach (var result in report.Steps)
        {
            output.WriteLine($"{result.Step.Description}: {result.Attempts} attempt(s), locks held {result.LocksHeld.TotalMilliseconds:F0} ms");
        }

        output.WriteLine($"{written.Sum()} rows written by {Writers} writers");
        Assert.Empty(errors);
        Assert.NotEmpty(report.Steps);
        Assert.Equal(before, await db.ScalarAsync<string>(checksum, seeded));
        Assert.Equal(seeded + written.Sum(), await db.ScalarAsync<long>("SELECT count(*) FROM " + change.Table));
        Assert.Equal(written.Sum(), await db.ScalarAsync<long>("SELECT count(*) FROM " + change.Table + " WHERE id > $1", seeded));
        if (change.After is { } misplaced)
        {
            Assert.Equal(0L, await db.ScalarAsync<long>(misplaced));
        }

        var left = await v2.PlanAsync(db);
        Assert.True(left.IsEmpty, left.ToString());
    }

    /// <summary>Waits until every writer has inserted <paramref name="more"/> rows more, or one failed.</summary>
    private static async Task WhileWritersRunAsync(int[] written, ConcurrentQueue<Exception> errors, int more)
    {
        var from = written.Select(w => Volatile.Read(ref w)).ToArray();
        while (errors.IsEmpty && Enumerable.Range(0, written.Length).Any(w => Volatile.Read(ref written[w]) < from[w] + more))
        {
            await Task.Delay(10);
        }
    }

    // Through the generated v1 repository (each writer its own connection, so its own prepared statements).
    private static Task InsertItem(ModelVersion v1, NpgsqlConnection connection, int writer, int n) =>
        ModelVersion.InsertAsync(v1.Repository("Shop.Item", connection), v1.Row("Shop.Item", 0L, "w" + writer + " " + n, n, "c" + n));

    // Through the parent, as SQL written by hand would.
    private static async Task InsertEvent(ModelVersion v1, NpgsqlConnection connection, int writer, int n)
    {
        await using var command = new NpgsqlCommand("INSERT INTO events (region, reading) VALUES ($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { "eu", "us", "uk", "ap" }[(writer + n) % 4] });
        command.Parameters.Add(new NpgsqlParameter { Value = (double)n });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertRouted(ModelVersion v1, NpgsqlConnection connection, int writer, int n)
    {
        await using var command = new NpgsqlCommand("INSERT INTO t (p, value) VALUES ($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = 1 + (writer + n) % 4 });
        command.Parameters.Add(new NpgsqlParameter { Value = "w" + writer + " " + n });
        await command.ExecuteNonQueryAsync();
    }
}
