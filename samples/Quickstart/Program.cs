using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;

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

Heading("3. The fix: take the key from nextval() first, then insert");
foreach (var (p, value) in new[] { (1, "alpha"), (2, "beta"), (2, "gamma") })
{
    await using var next = db.CreateCommand("SELECT nextval('public.t_id_seq')");
    var id = (long)(await next.ExecuteScalarAsync())!;
    await using var insert = db.CreateCommand("INSERT INTO t (id, p, value) VALUES ($1, $2, $3)");
    insert.Parameters.Add(new NpgsqlParameter { Value = id });
    insert.Parameters.Add(new NpgsqlParameter { Value = p });
    insert.Parameters.Add(new NpgsqlParameter { Value = value });
    await insert.ExecuteNonQueryAsync();
    Console.WriteLine($"inserted {value,-6} p={p}  ->  id {id}, known before the insert");
}

Console.WriteLine();
Console.WriteLine("Where each row landed (tableoid::regclass):");
await using (var where = db.CreateCommand("SELECT tableoid::regclass::text, id, p, value FROM t ORDER BY id"))
await using (var reader = await where.ExecuteReaderAsync())
{
    while (await reader.ReadAsync())
    {
        Console.WriteLine($"  {reader.GetString(0),-4} id={reader.GetInt64(1)} p={reader.GetInt32(2)} value={reader.GetString(3)}");
    }
}

Heading("4. A value no partition accepts");
try
{
    await using var bad = db.CreateCommand("INSERT INTO t (p, value) VALUES (3, 'nowhere')");
    await bad.ExecuteNonQueryAsync();
}
catch (PostgresException ex)
{
    Console.WriteLine($"SQLSTATE {ex.SqlState}: {ex.MessageText}");
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
