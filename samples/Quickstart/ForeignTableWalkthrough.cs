using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Quickstart;

/// <summary>
/// As in thoughtbot's article on querying an app database from a reporting database: a reporting database reads the
/// app database through postgres_fdw and joins it with its own tables; when the app migrates, the foreign tables go
/// stale, and CheckForeignDriftAsync says where.
/// </summary>
internal static class ForeignTableWalkthrough
{
    /// <summary>Page views per user in production.events.</summary>
    public const int EventsPerUser = 3;

    /// <summary>The article's query: local events joined with the app's users, through the foreign table.</summary>
    private const string EventsOfCompany10 = """
        SELECT COUNT(*)
        FROM
          production.events
          JOIN app.users
          ON production.events.user_id::INT = app.users.id
        WHERE
          app.users.company_id = 10
        """;

    public static async Task RunAsync(Databases databases)
    {
        var reporting = databases.Reporting;
        Screen.Heading("2. The app database, read from the reporting database with postgres_fdw");
        Console.WriteLine("The records:");
        Screen.AssemblyAttribute("ForeignServer");
        Screen.Declaration(nameof(User));
        Screen.Declaration(nameof(Event));

        await using (var link = reporting.CreateCommand("""
            SELECT array_to_string(s.srvoptions, ', '), m.usename::text, (SELECT option_value FROM pg_options_to_table(m.umoptions) WHERE option_name = 'user')
            FROM pg_foreign_server s JOIN pg_user_mappings m ON m.srvid = s.oid WHERE s.srvname = 'app_db'
            """))
        await using (var reader = await link.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine("What ApplyAsync made of them, with the options' host, port, database and login:");
            Screen.Code($"SERVER app_db OPTIONS ({reader.GetString(0)})");
            Screen.Code($"USER MAPPING FOR {reader.GetString(1)} SERVER app_db: user {reader.GetString(2)}, password (stored in the mapping, nowhere else)");
        }

        Screen.Code("FOREIGN TABLE app.users (" + await ScalarAsync<string>(reporting, """
            SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY attnum)
            FROM pg_attribute WHERE attrelid = 'app.users'::regclass AND attnum > 0 AND NOT attisdropped
            """) + ") SERVER app_db OPTIONS (" + await ScalarAsync<string>(reporting, "SELECT array_to_string(ftoptions, ', ') FROM pg_foreign_table WHERE ftrelid = 'app.users'::regclass") + ")");

        // Segment's page views land in the reporting database: through the generated EventRepository.
        var events = Enumerable.Range(1, Databases.UserCount)
            .SelectMany(user => Enumerable.Range(0, EventsPerUser).Select(i => new Event(0, user.ToString(System.Globalization.CultureInfo.InvariantCulture), "page_view", DateTimeOffset.UtcNow.AddMinutes(-i))))
            .ToList();
        await new EventRepository(reporting).InsertManyAsync(events);

        Console.WriteLine();
        Console.WriteLine("The foreign table answers like a local one; the article's join of local events and the app's users:");
        Screen.Code($"SELECT COUNT(*) FROM app.users  ->  {await ScalarAsync<long>(reporting, "SELECT COUNT(*) FROM app.users")}");
        var join = Regex.Replace(EventsOfCompany10, @"\s+", " ");
        var where = join.IndexOf(" WHERE ", StringComparison.Ordinal);
        Screen.Code(join.Substring(0, where));
        Screen.Code("  " + join.Substring(where + 1) + $"  ->  {await ScalarAsync<long>(reporting, EventsOfCompany10)}");
        var plan = await ColumnAsync(reporting, "EXPLAIN (VERBOSE, COSTS OFF) " + EventsOfCompany10);
        var remote = plan.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Remote SQL:", StringComparison.Ordinal));
        Screen.Code($"({events.Count:N0} local events; postgres_fdw sent the app database only: {remote?.Substring("Remote SQL: ".Length)})");

        Console.WriteLine();
        Console.WriteLine("The generated read repository, UserRepository (ReadOnly = true by default: no insert or update methods):");
        var users = new UserRepository(reporting);
        Screen.Code($"await users.FindAsync(35);  ->  {await users.FindAsync(35)}");
        var companyId = 10;
        var inCompany = await users.QueryAsync($"company_id = {companyId} ORDER BY id");
        Screen.Code($"await users.QueryAsync($\"company_id = {{companyId}} ORDER BY id\");  ->  {inCompany.Count} users: ids {Screen.List(inCompany.Select(u => u.Id))}");
        Screen.Code("(the interpolation holes become parameters: a value is never pasted into the SQL)");

        Console.WriteLine();
        Console.WriteLine("The app migrates, and the typed foreign table goes stale:");
        await using (var migrate = databases.App.CreateCommand("ALTER TABLE users RENAME COLUMN email TO email_address"))
        {
            await migrate.ExecuteNonQueryAsync();
        }

        Screen.Code("ALTER TABLE users RENAME COLUMN email TO email_address;   -- in the app database");
        try
        {
            await users.FindAsync(35);
        }
        catch (PostgresException ex)
        {
            Screen.Code($"await users.FindAsync(35);  ->  {nameof(PostgresException)} {ex.SqlState}: {ex.MessageText}");
        }

        Console.WriteLine("CheckForeignDriftAsync compares every [ForeignTable] record with the remote table as it is now:");
        Screen.Code("await PgxSchema.CheckForeignDriftAsync(reportingDb);  ->");
        foreach (var drift in await PgxSchema.CheckForeignDriftAsync(reporting))
        {
            Screen.Code("    " + drift);
        }

        Console.WriteLine("Run it after the app's migrations (or in a health check); fix the record (here: rename Email to");
        Console.WriteLine("EmailAddress), rebuild, and ApplyAsync alters the foreign table in place.");
    }

    private static async Task<TValue> ScalarAsync<TValue>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (TValue)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string[]> ColumnAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new System.Collections.Generic.List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values.ToArray();
    }
}
