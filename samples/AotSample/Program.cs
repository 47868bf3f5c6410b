using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using AotSample;
using Npgsql;
using Pgx;
using Pgx.Generated;

// Calls every generated repository method once and prints one line per method, so that a native (PublishAot)
// build shows that none of them needs reflection or run-time code generation.
// Usage: AotSample <connection string> <login for postgres_fdw>
// The second connection string is the same database with a role that has a password, which postgres_fdw requires
// of every role that is not a superuser: the foreign table reads the sample's own table back through it.
if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: AotSample <connection string> <connection string with a password, for postgres_fdw>");
    return 2;
}

var connectionString = args[0];

Console.WriteLine(RuntimeFeature.IsDynamicCodeSupported ? "Runtime: JIT" : "Runtime: native AOT (no dynamic code)");
await using var db = NpgsqlDataSource.Create(connectionString);
var options = new PgxApplyOptions();
options.ForeignServers["self"] = ForeignServerOptions.FromConnectionString(args[1]);
await PgxSchema.ApplyAsync(db, options);

var items = new ItemRepository(db);
var mirror = new MirroredItemRepository(db);
var label = "aot " + Guid.NewGuid().ToString("N");
Item? first = null;

// One line per method; a method added to the repositories is one more line here.
var calls = new (string Method, Func<Task<string>> Call)[]
{
    ("InsertAsync", async () => { first = await items.InsertAsync(new Item(0, 2, label)); return $"{first with { Id = 0 }} got a key: {first.Id > 0}"; }),
    ("InsertManyAsync", async () => { var rows = await items.InsertManyAsync(Enumerable.Range(0, 4_000).Select(i => new Item(0, 1 + (i % 2), label)).ToList()); return $"{rows.Count} rows, {rows.Select(r => r.Id).Distinct().Count()} distinct keys"; }),
    ("ImportAsync", async () => $"{await items.ImportAsync(Enumerable.Range(0, 4_000).Select(i => new Item(0, 1 + (i % 2), label)))} rows"),
    ("FindAsync", async () => $"{(await items.FindAsync(first!.Id, first.P)) == first}"),
    ("QueryAsync", async () => $"{(await mirror.QueryAsync($"label = {label} AND p = {2}")).Count} rows of p = 2 through postgres_fdw"),
    ("UpdateAsync", async () => $"{(await items.UpdateAsync(first! with { Label = label + " updated" }))?.Label == label + " updated"}"),
    ("MoveAsync", async () => { var id = first!.Id; var moved = await items.MoveAsync(first with { P = 1 }, 2); first = moved; return $"key kept: {moved?.Id == id}, now in p = {moved?.P}"; }),
    ("UpsertAsync", async () => $"{(await items.UpsertAsync(first! with { Label = label })).Id == first!.Id}"),
    ("UpsertManyAsync", async () => $"{await items.UpsertManyAsync(new[] { first! with { Label = label + " again" }, new Item(0, 2, label) })} rows"),
    ("DeleteManyAsync", async () => $"{await items.DeleteManyAsync(new[] { first! })} rows"),
    ("DeleteAsync", async () => $"{await items.DeleteAsync(first!.Id, first.P)} (already deleted)"),
};

var failed = 0;
foreach (var (method, call) in calls)
{
    try
    {
        Console.WriteLine($"{method}: {await call()}");
    }
    catch (Exception error)
    {
        failed++;
        Console.WriteLine($"{method}: FAILED {error.GetType().Name}: {error.Message}");
    }
}

try
{
    await items.ImportAsync(new[] { new Item(0, 3, label) });
    failed++;
    Console.WriteLine("ImportAsync of p = 3: FAILED, stored a row no partition accepts");
}
catch (PgxPartitionException error)
{
    Console.WriteLine($"ImportAsync of p = 3: {error.Message}");
}

Console.WriteLine(failed == 0 ? $"All {calls.Length} methods ran." : $"{failed} of {calls.Length} methods failed.");
return failed == 0 ? 0 : 1;
