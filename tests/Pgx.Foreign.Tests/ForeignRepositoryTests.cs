using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;
using Reporting;

namespace Pgx.Foreign.Tests;

/// <summary>
/// The generated repositories of foreign-table records: typed reads by key and by an interpolated condition
/// whose values are parameters; writes only where the record allows them.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class ForeignRepositoryTests
{
    private readonly AppServer _appServer;

    public ForeignRepositoryTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task FindAsync_reads_one_row_by_key()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "find");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var users = new UserRepository(scenario.Reporting);

        Assert.Equal(new User(35, 10, "user35@example.com"), await users.FindAsync(35));
        Assert.Null(await users.FindAsync(Scenario.UserCount + 1));
    }

    [Fact]
    public async Task QueryAsync_turns_every_hole_into_a_parameter()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "query");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var users = new UserRepository(scenario.Reporting);
        var company = 10;
        var hostile = "x' OR '1'='1";

        var inCompany = await users.QueryAsync($"company_id = {company} ORDER BY id");
        var injected = await users.QueryAsync($"email = {hostile}");
        var braces = await users.QueryAsync($"email LIKE {"user1%"} AND '{{}}' = '{{}}' AND id = ANY({new[] { 1, 10, 99 }}) ORDER BY id");

        Assert.Equal(Enumerable.Range(1, Scenario.UserCount).Where(u => u % Scenario.CompanyCount == company), inCompany.Select(u => u.Id));
        Assert.All(inCompany, u => Assert.Equal($"user{u.Id}@example.com", u.Email));
        Assert.Empty(injected);
        Assert.Equal(new[] { 1, 10 }, braces.Select(u => u.Id));
    }

    [Fact]
    public void A_read_only_foreign_record_gets_no_write_methods_and_a_writable_one_does()
    {
        var userMethods = typeof(UserRepository).GetMethods().Select(m => m.Name).ToList();
        var noteMethods = typeof(NoteRepository).GetMethods().Select(m => m.Name).ToList();

        Assert.Contains("FindAsync", userMethods);
        Assert.Contains("QueryAsync", userMethods);
        Assert.DoesNotContain(userMethods, m => m.StartsWith("Insert", StringComparison.Ordinal) || m.StartsWith("Update", StringComparison.Ordinal) || m.StartsWith("Delete", StringComparison.Ordinal));
        Assert.Contains("InsertAsync", noteMethods);
        Assert.Contains("InsertManyAsync", noteMethods);
        Assert.Contains("UpdateAsync", noteMethods);
    }

    [Fact]
    public async Task A_writable_foreign_record_inserts_and_updates_the_remote_table()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "write");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var notes = new NoteRepository(scenario.Reporting);
        var reviewed = new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(1));

        Assert.Equal(new Note(1, 10, "first note", NoteKind.FollowUp, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), await notes.FindAsync(1));
        var inserted = await notes.InsertAsync(new Note(2, 35, "it's \"quoted\"", NoteKind.Remark, null));
        var updated = await notes.UpdateAsync(inserted with { Kind = NoteKind.FollowUp, ReviewedAt = reviewed });
        var missing = await notes.UpdateAsync(inserted with { Id = 999 });

        Assert.Equal(new Note(2, 35, "it's \"quoted\"", NoteKind.Remark, null), inserted);
        Assert.Equal(inserted with { Kind = NoteKind.FollowUp, ReviewedAt = reviewed }, updated);
        Assert.Null(missing);
        Assert.Equal("it's \"quoted\"|1|" + reviewed.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            await scenario.App.ScalarAsync<string>("SELECT body || '|' || kind || '|' || to_char(reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM notes WHERE id = 2"));
    }

    [Fact]
    public async Task InsertManyAsync_inserts_rows_into_the_remote_table_all_or_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "copy");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var notes = new NoteRepository(scenario.Reporting);
        var reviewed = new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero);
        var rows = new[] { new Note(10, 1, "inserted", NoteKind.Remark, null), new Note(11, 2, "tab\there, \"quoted\"", NoteKind.FollowUp, reviewed) };

        var stored = await notes.InsertManyAsync(rows);
        var collision = await Assert.ThrowsAsync<PostgresException>(() => notes.InsertManyAsync(new[] { new Note(12, 3, "never stored", NoteKind.Remark, null), new Note(10, 4, "duplicate key", NoteKind.Remark, null) }));

        Assert.Equal(rows, stored);
        Assert.Equal(rows, new[] { await notes.FindAsync(10), await notes.FindAsync(11) });
        Assert.Equal(PostgresErrorCodes.UniqueViolation, collision.SqlState);
        Assert.Equal("1 10,11", await scenario.App.ScalarAsync<string>("SELECT count(*) FILTER (WHERE id < 10) || ' ' || string_agg(id::text, ',' ORDER BY id) FILTER (WHERE id >= 10) FROM notes"));
        Assert.Empty(await notes.InsertManyAsync(Array.Empty<Note>()));
    }

    [Fact]
    public async Task Writes_to_a_read_only_table_are_refused_by_the_remote_role_too()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "refused");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        var error = await Assert.ThrowsAsync<PostgresException>(() => scenario.Reporting.ExecuteAsync("UPDATE app.users SET email = 'x' WHERE id = 1"));

        Assert.Contains("permission denied", error.MessageText);
    }

    [Fact]
    public async Task A_repository_on_the_callers_connection_sees_the_callers_transaction()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "txrepo");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await using var connection = await scenario.Reporting.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var notes = new NoteRepository(connection, transaction);

        await notes.InsertAsync(new Note(3, 1, "rolled back", NoteKind.Remark, null));
        Assert.NotNull(await notes.FindAsync(3));
        await transaction.RollbackAsync();

        Assert.Null(await new NoteRepository(scenario.Reporting).FindAsync(3));
    }
}
