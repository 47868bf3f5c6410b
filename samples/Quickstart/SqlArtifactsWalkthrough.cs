using System;
using System.IO;
using System.Linq;

namespace Quickstart;

/// <summary>
/// What dotnet build wrote next to this program: the same schema as SQL scripts, for psql, Flyway or a DBA's
/// review. Each one's header names the psql variables it needs and the command that applies it.
/// </summary>
internal static class SqlArtifactsWalkthrough
{
    public static void Run()
    {
        Screen.Heading("3. The same schema as SQL files, written by dotnet build");
        var folder = Path.Combine(AppContext.BaseDirectory, "sql");
        var scripts = new[] { "pgx.schema.sql", "pgx.foreign.sql" }.Select(name => Path.Combine(folder, name)).ToArray();
        if (!scripts.All(File.Exists))
        {
            Console.WriteLine($"No SQL files in {Screen.ShortPath(folder)}: was the program built with PgxWriteSqlArtifacts=false?");
            return;
        }

        foreach (var script in scripts)
        {
            var lines = File.ReadAllLines(script);
            var variables = Header(lines, "-- psql variables: ");
            Console.WriteLine($"{Screen.ShortPath(script)}  ({lines.Length} lines; psql variables: {variables})");
        }

        Console.WriteLine("Apply them with psql, e.g. in a deployment pipeline (each file's header says how): all or nothing,");
        Console.WriteLine("idempotent, under the advisory lock ApplyAsync takes. The password is a psql variable, in neither file,");
        Console.WriteLine("read from the environment (not on the command line) and sent to the server as COPY data, never as SQL text:");
        Screen.Code($"psql -v ON_ERROR_STOP=1 -f {Screen.ShortPath(scripts[0])} \"host=reporting.internal dbname=reporting\"");
        Screen.Code("psql -v ON_ERROR_STOP=1 -v app_db_host=app.internal -v app_db_dbname=app \\");
        Screen.Code("     -v app_db_user=reporting -c '\\getenv app_db_password APP_DB_PASSWORD' \\");
        Screen.Code($"     -f {Screen.ShortPath(scripts[1])} \"host=reporting.internal dbname=reporting\"");
    }

    private static string Header(string[] lines, string prefix) =>
        lines.TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal)).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Substring(prefix.Length) ?? "?";
}
