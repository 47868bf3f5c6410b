using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Testing;

/// <summary>The outcome of running a PostgreSQL client program.</summary>
/// <param name="ExitCode">The exit code (psql: 0 ok, 1 fatal, 2 connection lost, 3 script error with ON_ERROR_STOP).</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record ClientResult(int ExitCode, string Output, string Error)
{
    /// <summary>Everything the program printed, for assertion messages.</summary>
    public override string ToString() => "exit " + ExitCode + "\n" + Output + "\n" + Error;
}

/// <summary>
/// Runs the machine's <c>psql</c> and <c>pg_dump</c> against a database named by an Npgsql connection string,
/// the way a person applying Pgx's SQL artifacts would.
/// </summary>
public static class PostgresClient
{
    /// <summary>
    /// <c>psql -X -v ON_ERROR_STOP=1 [-v name=value…] -f <paramref name="scriptPath"/></c>. The connection goes
    /// through PG* environment variables, so a password never appears on a command line.
    /// </summary>
    /// <param name="connectionString">The database (Npgsql syntax).</param>
    /// <param name="scriptPath">The script.</param>
    /// <param name="variables">psql variables (<c>-v</c>).</param>
    /// <param name="applicationName">application_name of the session, to find it in pg_stat_activity.</param>
    /// <param name="cancellationToken">Kills psql when cancelled.</param>
    public static Task<ClientResult> PsqlFileAsync(
        string connectionString,
        string scriptPath,
        IReadOnlyDictionary<string, string>? variables = null,
        string applicationName = "pgx-tests-psql",
        CancellationToken cancellationToken = default)
    {
        var arguments = new List<string> { "-X", "-w", "-v", "ON_ERROR_STOP=1" };
        foreach (var variable in variables ?? new Dictionary<string, string>())
        {
            arguments.Add("-v");
            arguments.Add(variable.Key + "=" + variable.Value);
        }

        arguments.Add("-f");
        arguments.Add(scriptPath);
        return RunAsync("psql", connectionString, arguments, applicationName, cancellationToken);
    }

    /// <summary>
    /// psql with exactly <paramref name="arguments"/> (e.g. an artifact header's <c>Apply:</c> line) and extra
    /// <paramref name="environment"/> variables, such as the ones <c>\getenv</c> reads.
    /// </summary>
    public static Task<ClientResult> PsqlAsync(
        string connectionString,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string applicationName = "pgx-tests-psql",
        CancellationToken cancellationToken = default) =>
        RunAsync("psql", connectionString, arguments, applicationName, cancellationToken, environment);

    /// <summary><c>pg_dump --schema-only</c>: the database's schema as SQL text, to compare two databases.</summary>
    public static async Task<string> SchemaDumpAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync("pg_dump", connectionString, new[] { "--schema-only", "--no-owner", "--no-privileges" }, "pgx-tests-pg_dump", cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("pg_dump failed: " + result);
        }

        // pg_dump 15+ prints a random \restrict key per run; it is not part of the schema.
        return string.Join("\n", result.Output.Split('\n').Where(line => !line.StartsWith("\\restrict", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict", StringComparison.Ordinal)));
    }

    private static async Task<ClientResult> RunAsync(string program, string connectionString, IEnumerable<string> arguments, string applicationName, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(FindProgram(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in new[] { "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGOPTIONS", "PGSSLMODE" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["PGHOST"] = connection.Host ?? "127.0.0.1";
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username ?? "postgres";
        start.Environment["PGDATABASE"] = connection.Database ?? "postgres";
        start.Environment["PGAPPNAME"] = applicationName;
        start.Environment["PGCONNECT_TIMEOUT"] = "30";
        foreach (var variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }
        else
        {
            start.Environment.Remove("PGPASSWORD");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + program);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ClientResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>psql / pg_dump on PATH, else from the newest /usr/lib/postgresql/*/bin.</summary>
    private static string FindProgram(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Directory, "bin", name)))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Directory is not null)
            {
                return Path.Combine(newest.Directory, "bin", name);
            }
        }

        throw new InvalidOperationException(
            "The PostgreSQL client program '" + name + "' was not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install it (Debian/Ubuntu: apt-get install -y postgresql-client).");
    }
}
