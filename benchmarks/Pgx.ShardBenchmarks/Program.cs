using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx;
using Pgx.Generated;
using Pgx.ShardBenchmarks;
using Pgx.Testing;

[assembly: ForeignServer("shard", Host = "127.0.0.1", DbName = "shard")]

// A coordinator and one shard, each a throwaway cluster on loopback. Rounds alternate the three ways so that drift
// of the machine hits them alike; the result is the median time per insert over the rounds. Then the same for
// InsertManyAsync batches of 1,000 rows (args: rounds, inserts per round, batches per round).
// With the arguments "foreign-insert-many [batches]", only ForeignInsertManyProbe runs (default 15 batches each).
var foreignProbe = args is ["foreign-insert-many", ..];
if (foreignProbe)
{
    args = args.Length > 1 ? args[1..] : new[] { "15" };
}

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var perRound = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var batchesPerRound = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
await using var coordinatorServer = await PostgresServer.StartThrowawayAsync();
await using var shardServer = await PostgresServer.StartThrowawayAsync();
const string Role = "pgx_shard";
var password = "pw " + Guid.NewGuid().ToString("N");
await using (var admin = NpgsqlDataSource.Create(shardServer.ConnectionString))
{
    await Sql.ExecuteFormattedAsync(admin, "CREATE ROLE %I LOGIN PASSWORD %L", Role, password);
    await Sql.ExecuteFormattedAsync(admin, "CREATE DATABASE shard OWNER %I TEMPLATE template0", Role);
}

var shardConnection = new NpgsqlConnectionStringBuilder(shardServer.ConnectionString) { Database = "shard", Username = Role, Password = password }.ConnectionString;
await using (var shard = NpgsqlDataSource.Create(shardConnection))
{
    // The remote table of the ShardNote foreign-table record.
    await shard.ExecuteAsync("CREATE TABLE notes (id bigint PRIMARY KEY, customer_id integer NOT NULL, body text NOT NULL, reviewed_at timestamptz)");
}

var options = new PgxApplyOptions();
options.ForeignServers["shard"] = ForeignServerOptions.FromConnectionString(shardConnection);
await using var coordinator = NpgsqlDataSource.Create(await coordinatorServer.CreateDatabaseAsync("coordinator"));
await PgxSchema.ApplyAsync(coordinator, options);
if (foreignProbe)
{
    await ForeignInsertManyProbe.RunAsync(coordinator, rounds);
    return;
}

await using var shards = PgxShardConnections.From(options);
var direct = new OrderRepository(coordinator, shards);
var through = new OrderRepository(coordinator);

var ways = new (string Name, Func<Task> Insert)[]
{
    ("direct to the shard", () => direct.InsertAsync(new Order(0, "REMOTE", 1, 1m))),
    ("through the coordinator", () => through.InsertAsync(new Order(0, "REMOTE", 1, 1m))),
    ("local partition", () => through.InsertAsync(new Order(0, "LOCAL", 1, 1m))),
};
var times = ways.ToDictionary(w => w.Name, _ => new List<double>());
foreach (var (_, insert) in ways)
{
    for (var i = 0; i < 200; i++)
    {
        await insert(); // warm up pools and prepared statements
    }
}

for (var round = 0; round < rounds; round++)
{
    foreach (var (name, insert) in ways)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < perRound; i++)
        {
            await insert();
        }

        times[name].Add(clock.Elapsed.TotalMilliseconds * 1000 / perRound);
    }
}

Console.WriteLine($"InsertAsync, one row, {rounds} rounds of {perRound} (median µs per insert):");
foreach (var (name, _) in ways)
{
    var sorted = times[name].OrderBy(t => t).ToList();
    Console.WriteLine($"  {name,-24} {sorted[sorted.Count / 2],8:F0} µs   (min {sorted[0]:F0}, max {sorted[^1]:F0})");
}

// Batches: every row of a batch in the one partition, so the direct way is one transaction on the shard.
static Order[] Batch(string region) => Enumerable.Range(0, 1000).Select(i => new Order(0, region, i, 1m)).ToArray();
var remoteBatch = Batch("REMOTE");
var localBatch = Batch("LOCAL");
var batchWays = new (string Name, Func<Task> Insert)[]
{
    ("direct to the shard", () => direct.InsertManyAsync(remoteBatch)),
    ("through the coordinator", () => through.InsertManyAsync(remoteBatch)),
    ("local partition", () => through.InsertManyAsync(localBatch)),
};
var batchTimes = batchWays.ToDictionary(w => w.Name, _ => new List<double>());
foreach (var (_, insert) in batchWays)
{
    for (var i = 0; i < 5; i++)
    {
        await insert();
    }
}

for (var round = 0; round < rounds; round++)
{
    foreach (var (name, insert) in batchWays)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batchesPerRound; i++)
        {
            await insert();
        }

        batchTimes[name].Add(clock.Elapsed.TotalMilliseconds / batchesPerRound);
    }
}

Console.WriteLine($"InsertManyAsync, 1,000 rows in one partition, {rounds} rounds of {batchesPerRound} (median ms per batch):");
foreach (var (name, _) in batchWays)
{
    var sorted = batchTimes[name].OrderBy(t => t).ToList();
    Console.WriteLine($"  {name,-24} {sorted[sorted.Count / 2],8:F2} ms   (min {sorted[0]:F2}, max {sorted[^1]:F2})");
}
