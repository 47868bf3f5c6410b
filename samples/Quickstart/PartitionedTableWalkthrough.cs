using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Npgsql;
using Pgx;
using Pgx.Generated;

namespace Quickstart;

/// <summary>
/// As in "When Your Postgres Database and ORM Collide: Partitioning": a table partitioned the legacy way, by a
/// BEFORE INSERT trigger that moves each row into a child table and returns NULL, so INSERT ... RETURNING returns
/// nothing. The generated repository inserts without the trigger.
/// </summary>
internal static class PartitionedTableWalkthrough
{
    /// <summary>The lines of the generated DDL worth reading first: keys, children, checks, routing, trigger.</summary>
    private static readonly Regex KeyLines = new(
        @"^(-- |CREATE SEQUENCE|CREATE TABLE|    id |    CONSTRAINT|\) INHERITS|    (IF|ELSIF) NEW\.|        INSERT INTO|    RETURN NULL|        CREATE TRIGGER)",
        RegexOptions.CultureInvariant);

    public static async Task RunAsync(NpgsqlDataSource db)
    {
        Screen.Heading("1. A trigger-partitioned table meets an ORM");
        Console.WriteLine("The record:");
        Screen.Declaration(nameof(T));
        var section = Screen.TableSection(PgxSchema.Sql, "public.t");
        Console.WriteLine($"What Pgx generated from it at compile time (PgxSchema.Sql; {section.Split('\n').Length} lines for t, the key ones here):");
        Screen.Excerpt(section, KeyLines);

        Console.WriteLine();
        Console.WriteLine("The problem. Plain SQL, as an ORM sends it:");
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
            Screen.Code($"INSERT INTO t (p, value) VALUES (1, 'hello world') RETURNING *  ->  {rows} rows (INSERT 0 {reader.RecordsAffected})");
        }

        Console.WriteLine("The trigger moved the row into t1 and returned NULL, so an ORM waiting for the row gets nothing");
        Console.WriteLine("(EF Core: \"expected to affect 1 row(s), but actually affected 0\").");

        Console.WriteLine();
        Console.WriteLine("The fix. The generated TRepository takes the key from nextval() and inserts straight into the child:");
        var repository = new TRepository(db);
        foreach (var row in new[] { new T(0, 1, "alpha"), new T(0, 2, "beta") })
        {
            var stored = await repository.InsertAsync(row); // one statement, one round trip
            Screen.Code($"await repository.InsertAsync(new T(0, {row.P}, \"{row.Value}\"));  ->  {stored}, in {await ChildOfAsync(db, stored.Id)}");
        }

        const int batch = 100_000;
        var bulk = new T[batch];
        for (var i = 0; i < batch; i++)
        {
            bulk[i] = new T(0, 1 + (i % 2), "bulk " + i);
        }

        var clock = Stopwatch.StartNew();
        var inserted = await repository.InsertManyAsync(bulk); // one transaction: all keys in one round trip, then binary COPY per child
        clock.Stop();
        Screen.Code($"await repository.InsertManyAsync(rows);  ->  {batch:N0} rows, ids {inserted[0].Id}..{inserted[^1].Id}, in {clock.Elapsed.TotalMilliseconds:N0} ms ({batch / clock.Elapsed.TotalSeconds:N0} rows/s)");
        var probe = inserted[41];
        var found = await repository.FindAsync(probe.Id, probe.P); // reads only the child that can hold it
        Screen.Code($"await repository.FindAsync({probe.Id}, {probe.P});  ->  {found}, it read only {await ChildOfAsync(db, probe.Id)}");
        try
        {
            await repository.InsertAsync(new T(0, 3, "nowhere"));
        }
        catch (PgxPartitionException ex)
        {
            Screen.Code($"await repository.InsertAsync(new T(0, 3, \"nowhere\"));  ->  {nameof(PgxPartitionException)}, before the database is touched:");
            Screen.Code("    " + ex.Message);
        }

        await using var count = db.CreateCommand("SELECT (SELECT count(*) FROM ONLY t1), (SELECT count(*) FROM ONLY t2), (SELECT count(*) FROM ONLY t)");
        await using var counts = await count.ExecuteReaderAsync();
        await counts.ReadAsync();
        Console.WriteLine($"Rows: t1 {counts.GetInt64(0):N0}, t2 {counts.GetInt64(1):N0}, the parent t itself {counts.GetInt64(2):N0}.");
    }

    /// <summary>The child table a row of t is stored in.</summary>
    private static async Task<string> ChildOfAsync(NpgsqlDataSource db, long id)
    {
        await using var command = db.CreateCommand("SELECT tableoid::regclass::text FROM t WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
