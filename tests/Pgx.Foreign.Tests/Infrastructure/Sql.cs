using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Foreign.Tests.Infrastructure;

/// <summary>Small query shortcuts for assertions.</summary>
internal static class Sql
{
    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> ExecuteAsync(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Runs a utility statement (which takes no parameters) built server-side with <c>format()</c>, so names
    /// and values are quoted by PostgreSQL itself.
    /// </summary>
    public static async Task ExecuteFormattedAsync(NpgsqlDataSource db, string format, params object[] arguments)
    {
        var placeholders = string.Join(", ", Enumerable.Range(2, arguments.Length).Select(i => "$" + i + "::text"));
        var parameters = new List<object> { format };
        parameters.AddRange(arguments);
        var statement = await db.ScalarAsync<string>("SELECT format($1::text, " + placeholders + ")", parameters.ToArray());
        await db.ExecuteAsync(statement);
    }

    public static async Task<List<string>> ColumnAsync(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "NULL" : System.Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
