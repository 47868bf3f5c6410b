using System;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// Enums in integer columns narrower than their own type (<c>[PgColumn(Type = "smallint")]</c> and the like): each
/// is stored as its number on every write path, a number the column cannot hold is refused before the database is
/// touched (never wrapped around), and a stored number the enum cannot hold is refused on read.
/// </summary>
public sealed class EnumColumnTypeTests : IClassFixture<SchemaFixture>
{
    private const int Copy = PgxRepositoryConnection.MinRowsForCopy;

    private readonly SchemaFixture _db;

    public EnumColumnTypeTests(SchemaFixture db) => _db = db;

    /// <summary>How rows reach the table.</summary>
    public enum WritePath
    {
        /// <summary>InsertAsync.</summary>
        Insert,

        /// <summary>InsertManyAsync below MinRowsForCopy per child: unnest arrays.</summary>
        Unnest,

        /// <summary>InsertManyAsync with MinRowsForCopy rows in a child: binary COPY.</summary>
        Copy,
    }

    private static Alert[] Good(string text) => new[]
    {
        new Alert(0, Severity.Info, null, Channel.Email, text),
        new Alert(0, Severity.Loud, Severity.Page, Channel.Pager, text), // 40000 fits integer; 200 fits smallint
        new Alert(0, Severity.Warning, Severity.Warning, Channel.Sms, text),
    };

    private static async Task Write(AlertRepository repository, WritePath path, Alert[] rows)
    {
        if (path == WritePath.Insert)
        {
            foreach (var row in rows)
            {
                await repository.InsertAsync(row);
            }

            return;
        }

        await repository.InsertManyAsync(path == WritePath.Unnest
            ? rows
            : rows.SelectMany(r => Enumerable.Repeat(r, Copy)).ToList()); // every child by COPY
    }

    [Theory]
    [InlineData(WritePath.Insert)]
    [InlineData(WritePath.Unnest)]
    [InlineData(WritePath.Copy)]
    public async Task Every_path_stores_the_number_and_refuses_one_the_column_cannot_hold(WritePath path)
    {
        var repository = new AlertRepository(_db.DataSource);
        var text = "enums " + path;

        var rows = Good(text);
        await Write(repository, path, rows);

        var stored = await _db.DataSource.RowsAsync("SELECT tableoid::regclass::text, severity, coalesce(peak::text, '-'), channel, count(*) FROM stored.alerts WHERE text = $1 GROUP BY 1, 2, 3, 4 ORDER BY 2, 3", text);
        var expected = new[] { "stored.alerts_quiet|1|-|1", "stored.alerts_quiet|2|2|2", "stored.alerts_loud|40000|3|200" };
        Assert.Equal(expected, stored.Select(r => string.Join("|", r.Take(4))));
        var ids = await _db.DataSource.ColumnAsync("SELECT id FROM stored.alerts WHERE text = $1 AND severity = 40000 LIMIT 1", text);
        Assert.Equal(rows[1] with { Id = long.Parse(ids[0], System.Globalization.CultureInfo.InvariantCulture) }, await repository.FindAsync(long.Parse(ids[0], System.Globalization.CultureInfo.InvariantCulture), Severity.Loud));

        // 40000 in the smallint column, and 5,000,000,000 in the integer partition key: wrapped, they would be stored.
        var bad = "refused " + path;
        foreach (var (row, column, value) in new[] { (rows[2] with { Peak = Severity.Loud, Text = bad }, "peak", 40_000L), (rows[0] with { Severity = Severity.Huge, Text = bad }, "severity", 5_000_000_000L) })
        {
            var batch = path == WritePath.Insert ? new[] { row } : Good(bad).Append(row).ToArray();
            foreach (var target in new[] { new AlertRepository(TriggerRoutedRepositoryTests.Unreachable()), repository })
            {
                var error = await Assert.ThrowsAsync<PgxValueOutOfRangeException>(() => Write(target, path, batch));
                Assert.Equal("stored.alerts", error.Table);
                Assert.Equal(column, error.Column);
                Assert.Equal(value, error.Value);
                Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            }
        }

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM stored.alerts WHERE text = $1", bad));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-1)]
    public async Task A_stored_number_the_enum_cannot_hold_fails_on_read_naming_table_column_and_value(int channel)
    {
        var id = await _db.DataSource.ScalarAsync<long>("INSERT INTO stored.alerts_quiet (id, severity, channel, text) VALUES (nextval('stored.alerts_id_seq'), 1, $1, 'raw') RETURNING id", (short)channel);

        var error = await Assert.ThrowsAsync<PgxValueOutOfRangeException>(() => new AlertRepository(_db.DataSource).FindAsync(id, Severity.Info));

        Assert.Equal("stored.alerts", error.Table);
        Assert.Equal("channel", error.Column);
        Assert.Equal((long)channel, error.Value);
    }
}
