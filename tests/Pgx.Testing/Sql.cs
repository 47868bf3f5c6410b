using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Testing;

/// <summary>
/// Small query shortcuts for test assertions and setup. Values are always parameters (<c>$1</c>, <c>$2</c> …),
/// never pasted into the SQL text.
/// </summary>
public static class Sql
{
    /// <summary>The first column of the first row, as <typeparamref name="T"/>.</summary>
    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement; returns the rows affected.</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row, each value as invariant text (<c>NULL</c> for SQL NULL).</summary>
    public static async Task<List<string[]>> RowsAsync(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Text(reader, i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The first column of every row, as invariant text (<c>NULL</c> for SQL NULL).</summary>
    public static async Task<List<string>> ColumnAsync(this NpgsqlDataSource db, string sql, params object[] parameters) =>
        (await db.RowsAsync(sql, parameters)).Select(row => row[0]).ToList();

    /// <summary>
    /// Runs a utility statement (which takes no parameters) built server-side with <c>format()</c>, so names
    /// and values are quoted by PostgreSQL itself.
    /// </summary>
    public static async Task ExecuteFormattedAsync(NpgsqlDataSource db, string format, params object[] arguments)
    {
        var placeholders = string.Join(", ", Enumerable.Range(2, arguments.Length).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture) + "::text"));
        var statement = await db.ScalarAsync<string>("SELECT format($1::text, " + placeholders + ")", new object[] { format }.Concat(arguments).ToArray());
        await db.ExecuteAsync(statement);
    }

    private static NpgsqlCommand Command(NpgsqlDataSource db, string sql, object[] parameters)
    {
        var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    private static string Text(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "NULL" : System.Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture)!;
}
