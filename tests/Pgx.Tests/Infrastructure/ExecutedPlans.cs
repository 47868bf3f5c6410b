using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Tests.Infrastructure;

/// <summary>
/// The plans of the statements a repository really runs: auto_explain logs each executed plan (EXPLAIN ANALYZE)
/// as a NOTICE on the repository's own connection.
/// </summary>
public static class ExecutedPlans
{
    private static readonly Regex ScannedRelation = new(@"(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Tid Scan)(?: Backward)?(?: using \S+)? on (\S+)", RegexOptions.CultureInvariant);

    /// <summary>Runs <paramref name="action"/> on a connection that reports the plan of every statement it executes.</summary>
    public static async Task<(List<string> Plans, TResult Result)> CaptureAsync<TResult>(NpgsqlDataSource db, Func<NpgsqlConnection, Task<TResult>> action, string? setting = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using (var setup = new NpgsqlCommand("LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_level = notice; SET client_min_messages = notice; " + setting, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var plans = new List<string>();
        connection.Notice += (_, e) =>
        {
            if (e.Notice.MessageText.Contains("plan:", StringComparison.Ordinal))
            {
                plans.Add(e.Notice.MessageText);
            }
        };
        var result = await action(connection);
        return (plans, result);
    }

    /// <summary>The relations a plan scans, sorted.</summary>
    public static string[] Relations(string plan) =>
        ScannedRelation.Matches(plan).Select(m => m.Groups[1].Value).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToArray();
}
