using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;
using Reporting;

namespace Pgx.Foreign.Tests;

/// <summary>
/// <c>InsertManyAsync</c> of a writable <c>[ForeignTable]</c> record: the rows reach the remote table in postgres_fdw
/// batches (<c>batch_size</c>), not one remote statement per row as a <c>COPY</c> into a foreign table sends them on
/// PostgreSQL 15; every value arrives as given, and a batch that fails in its last remote batch stores nothing.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class ForeignBatchInsertTests
{
    private static readonly DateTimeOffset Reviewed = new(2026, 11, 30, 9, 15, 30, TimeSpan.FromHours(-5));
    private readonly AppServer _appServer;

    public ForeignBatchInsertTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task A_batch_reaches_the_remote_table_in_batch_size_statements_not_one_per_row()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "ftbatch");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await RemoteStatements.CountInsertsIntoAsync(scenario.App, "notes");

        var stored = await new NoteRepository(scenario.Reporting).InsertManyAsync(Notes(100, 2000));

        Assert.Equal(2000, stored.Count);
        Assert.Equal(2000L, await scenario.App.ScalarAsync<long>("SELECT count(*) FROM notes WHERE id >= 100"));
        // 2,000 rows at the server's batch_size of 1,000 (Pgx's default): 2 remote INSERTs, where a COPY sent 2,000.
        Assert.Equal("1000", await scenario.Reporting.ScalarAsync<string>(
            "SELECT option_value FROM pg_foreign_server, pg_options_to_table(srvoptions) WHERE srvname = 'app_db' AND option_name = 'batch_size'"));
        Assert.Equal(2L, await RemoteStatements.CountAsync(scenario.App));
    }

    [Fact]
    public async Task Every_row_arrives_with_its_values_nulls_quotes_enums_and_timestamps_included()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "ftvalues");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var rows = Notes(100, 2500);

        var stored = await new NoteRepository(scenario.Reporting).InsertManyAsync(rows);

        Assert.Equal(rows, stored);
        // Read from the app database itself, not back through postgres_fdw.
        await using var command = scenario.App.CreateCommand("SELECT id, user_id, body, kind, reviewed_at FROM notes WHERE id >= 100 ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var remote = new List<Note>();
        while (await reader.ReadAsync())
        {
            remote.Add(new Note(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), (NoteKind)reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }

        Assert.Equal(rows.Select(r => r with { ReviewedAt = r.ReviewedAt?.ToUniversalTime() }), remote);
        Assert.Contains(remote, r => r.ReviewedAt is null);
        Assert.Contains(remote, r => r.Body.Contains('\'', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_that_fails_in_its_last_remote_statement_stores_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "ftatomic");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var notes = new NoteRepository(scenario.Reporting);
        // Row 1,500 has the key of the app's first note: the first remote batch of 1,000 is stored before it fails.
        var rows = Notes(100, 1500).Select((r, i) => i == 1499 ? r with { Id = 1 } : r).ToArray();

        var collision = await Assert.ThrowsAsync<PostgresException>(() => notes.InsertManyAsync(rows));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, collision.SqlState);
        Assert.Equal(1L, await scenario.App.ScalarAsync<long>("SELECT count(*) FROM notes"));
    }

    /// <summary>
    /// <paramref name="count"/> notes from id <paramref name="firstId"/>: every third without a review time, bodies with
    /// quotes, a backslash, a tab, a newline, non-ASCII text and the empty string, both kinds.
    /// </summary>
    private static Note[] Notes(int firstId, int count) =>
        Enumerable.Range(0, count).Select(i => new Note(
            firstId + i,
            i % 200,
            (i % 5) switch
            {
                0 => "it's \"quoted\" #" + i,
                1 => "back\\slash\ttab\nline " + i,
                2 => "",
                3 => "größe 東京 " + i,
                _ => "'); DROP TABLE notes; --",
            },
            i % 2 == 0 ? NoteKind.Remark : NoteKind.FollowUp,
            i % 3 == 0 ? null : Reviewed.AddMinutes(i).AddTicks(i * 10))).ToArray();
}
