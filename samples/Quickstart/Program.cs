using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Npgsql;
using Pgx;
using Pgx.Generated;
using Pgx.Testing;
using Quickstart;

// Pgx quick start: the trigger-partitioned table of seed 003, generated from one record (see Models.cs).
// Uses PGX_CONNECTION when set; otherwise starts a throwaway PostgreSQL and removes it at the end.
var clock = Stopwatch.StartNew();
await using var server = await PostgresServer.FromEnvironmentOrThrowawayAsync();
Console.WriteLine(server.IsThrowaway
    ? $"Started a throwaway PostgreSQL on 127.0.0.1:{server.Port} (set {PostgresServer.ConnectionVariable} to use your own)."
    : $"Using the server in {PostgresServer.ConnectionVariable}.");
await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("quickstart"));

Heading("1. Apply the generated schema");
await PgxSchema.ApplyAsync(db);
await PgxSchema.ApplyAsync(db); // idempotent: safe at every start-up
Console.WriteLine("PgxSchema.Sql, generated at compile time from the record T, applied twice:\n");
Console.WriteLine(Indent(PgxSchema.Sql.Trim()));

Heading("2. The problem: INSERT ... RETURNING through a routing trigger returns nothing");
// Pgx's analyzer flags this SQL while you type (PGX0101); the walkthrough runs it on purpose.
#pragma warning disable PGX0101
await using (var command = db.CreateCommand("INSERT INTO t (p, value) VALUES (1, 'hello world') RETURNING *"))
#pragma warning restore PGX0101
await using (var reader = await command.ExecuteReaderAsync())
{
    var rows = 0;
    while (await reader.ReadAsync())
    {
        rows++;
    }

    await reader.CloseAsync();
    Console.WriteLine($"INSERT INTO t (p, value) VALUES (1, 'hello world') RETURNING *  ->  {rows} rows, INSERT 0 {reader.RecordsAffected}");
    Console.WriteLine("The trigger put the row into t1 and returned NULL, so an ORM waiting for the row gets nothing.");
}

Heading("3. The fix: the generated repository takes the key from nextval() and inserts into the child");
var repository = new TRepository(db);
foreach (var row in new[] { new T(0, 1, "alpha"), new T(0, 2, "beta"), new T(0, 2, "gamma") })
{
    var stored = await repository.InsertAsync(row); // one statement: INSERT INTO t<p> (...) VALUES (nextval(...), ...) RETURNING id
    await using var child = db.CreateCommand("SELECT tableoid::regclass::text FROM t WHERE id = $1");
    child.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stored.Id });
    Console.WriteLine($"InsertAsync({row.Value,-6} p={row.P})  ->  {stored}, stored in {(string)(await child.ExecuteScalarAsync())!}");
}

const int batch = 100_000;
var bulk = new T[batch];
for (var i = 0; i < batch; i++)
{
    bulk[i] = new T(0, 1 + (i % 2), "bulk " + i);
}

var bulkClock = Stopwatch.StartNew();
var inserted = await repository.InsertManyAsync(bulk); // one transaction: keys in one round trip, binary COPY per child
bulkClock.Stop();
Console.WriteLine($"InsertManyAsync({batch:N0} rows)  ->  ids {inserted[0].Id}..{inserted[^1].Id} in {bulkClock.Elapsed.TotalMilliseconds:N0} ms ({batch / bulkClock.Elapsed.TotalSeconds:N0} rows/s)");

var found = await repository.FindAsync(inserted[42].Id, inserted[42].P); // reads only the child that can hold it
Console.WriteLine($"FindAsync({inserted[42].Id}, {inserted[42].P})  ->  {found}");

Console.WriteLine();
Console.WriteLine("Where the rows landed (tableoid::regclass); the parent t itself holds none:");
await using (var where = db.CreateCommand("SELECT tableoid::regclass::text, count(*), min(id), max(id) FROM t GROUP BY 1 ORDER BY 1"))
await using (var reader = await where.ExecuteReaderAsync())
{
    while (await reader.ReadAsync())
    {
        Console.WriteLine($"  {reader.GetString(0),-4} {reader.GetInt64(1),7:N0} rows, ids {reader.GetInt64(2)}..{reader.GetInt64(3)}");
    }
}

await using (var parent = db.CreateCommand("SELECT count(*) FROM ONLY t"))
{
    Console.WriteLine($"  ONLY t {(long)(await parent.ExecuteScalarAsync())!} rows");
}

Heading("4. A value no partition accepts");
try
{
    await repository.InsertAsync(new T(0, 3, "nowhere"));
}
catch (PgxPartitionException ex)
{
    Console.WriteLine($"Refused in C#, before the database was touched: {ex.Message}");
}

try
{
    await using var bad = db.CreateCommand("INSERT INTO t (p, value) VALUES (3, 'nowhere')");
    await bad.ExecuteNonQueryAsync();
}
catch (PostgresException ex)
{
    Console.WriteLine($"Plain SQL meets the trigger's second line of defence: SQLSTATE {ex.SqlState}: {ex.MessageText}");
}

Console.WriteLine();
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0}s.");
return 0;

static void Heading(string text)
{
    Console.WriteLine();
    Console.WriteLine(text);
    Console.WriteLine(new string('-', text.Length));
}

static string Indent(string text) => "    " + text.Replace("\n", "\n    ");
