using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pgx.Generators.Tasks;

/// <summary>
/// The text of one SQL artifact: a header comment, then the constant verbatim, wrapped so that
/// <c>psql -v ON_ERROR_STOP=1 -f</c> applies it all-or-nothing under the advisory lock <c>PgxSchema.ApplyAsync</c> takes.
/// Only '\n' line endings, and nothing that changes between builds of the same input (no time, no path).
/// </summary>
internal static class SqlArtifact
{
    /// <summary>
    /// <c>Pgx.PgxSchemaApplier.AdvisoryLockKey</c> ("PgxApply" in ASCII). Duplicated because this assembly
    /// cannot reference the net10.0 runtime; a test asserts the two are equal.
    /// </summary>
    public const long AdvisoryLockKey = 0x5067_7841_7070_6C79;

    /// <summary>The line that ends the header and starts the script.</summary>
    public const string BodyStartMarker = "-- pgx: body begins";

    /// <summary>The line after the constant's text.</summary>
    public const string BodyEndMarker = "-- pgx: body ends";

    /// <summary>Renders the artifact <paramref name="fileName"/> for constant <paramref name="constantName"/>.</summary>
    /// <param name="fileName">The artifact's file name, e.g. <c>pgx.schema.sql</c>.</param>
    /// <param name="constantName">The constant's field name, e.g. <c>Sql</c>.</param>
    /// <param name="schema">What was read from the assembly.</param>
    /// <param name="producer">The producing tool and version, e.g. <c>Pgx.Generators 0.1.0</c>.</param>
    /// <param name="inTransaction">Wrap in BEGIN/COMMIT (off for migration tools that run each script in their own transaction).</param>
    public static string Render(string fileName, string constantName, CompiledSchema schema, string producer, bool inTransaction)
    {
        var qualified = CompiledSchema.Namespace + "." + CompiledSchema.TypeName + "." + constantName;
        var found = schema.Constants.TryGetValue(constantName, out var sql);
        var source = found
            ? new[] { qualified + ". Do not edit: change the C# records and rebuild." }
            : new[] { schema.AssemblyName + " has no " + qualified + ",", "so this script does nothing; it is written anyway so that builds and migrations can rely on the file." };
        return Render(fileName, source, found, sql ?? "", schema, producer, inTransaction);
    }

    /// <summary>
    /// Renders <paramref name="fileName"/> for the tables one foreign server must have behind the coordinator's foreign
    /// partitions (<c>pgx.shard.&lt;server&gt;.sql</c>), to be run on that server.
    /// </summary>
    /// <param name="fileName">The artifact's file name.</param>
    /// <param name="server">The foreign server's name.</param>
    /// <param name="body">Its schemas' and tables' idempotent DDL, from the model.</param>
    /// <param name="schema">What was read from the assembly.</param>
    /// <param name="producer">The producing tool and version.</param>
    /// <param name="inTransaction">Wrap in BEGIN/COMMIT.</param>
    public static string RenderShard(string fileName, string server, string body, CompiledSchema schema, string producer, bool inTransaction) =>
        Render(fileName, new[]
        {
            "the tables behind the partitions on the server " + server + " in " + CompiledSchema.Namespace + "." + CompiledSchema.TypeName + "." + PgxModel.ConstantName + ".",
            "Run it on " + server + "'s database (as PgxSchema.ApplyAsync does first) before pgx.foreign.sql on the coordinator. Do not edit.",
        }, true, body, schema, producer, inTransaction);

    private static string Render(string fileName, string[] source, bool found, string body, CompiledSchema schema, string producer, bool inTransaction)
    {
        var assembly = schema.AssemblyName + " " + schema.AssemblyVersion.ToString();
        var variables = PsqlVariables.Find(body);

        var text = new StringBuilder();
        Line(text, "-- " + fileName + " for " + assembly + ", written at build time by " + producer + (found ? " from" : "."));
        foreach (var line in source)
        {
            Line(text, "-- " + line);
        }

        Line(text, "--");
        Line(text, "-- Idempotent: applying it again changes nothing.");
        if (inTransaction)
        {
            Line(text, "-- All or nothing: one transaction (BEGIN ... COMMIT), under the PostgreSQL advisory lock");
            Line(text, "-- " + AdvisoryLockKey.ToString(CultureInfo.InvariantCulture) + " that PgxSchema.ApplyAsync also takes, so the two never run at the same time.");
        }
        else
        {
            Line(text, "-- No BEGIN/COMMIT (PgxSqlTransaction=false): run it inside your migration tool's transaction. It takes");
            Line(text, "-- the advisory lock " + AdvisoryLockKey.ToString(CultureInfo.InvariantCulture) + " that PgxSchema.ApplyAsync also takes, for that transaction.");
        }

        Line(text, "-- psql variables: " + (variables.Count == 0 ? "none" : string.Join(", ", variables)));
        Line(text, "-- Apply: psql -v ON_ERROR_STOP=1" + VariableArguments(variables) + " -f " + fileName);
        Line(text, "");
        if (inTransaction)
        {
            Line(text, "BEGIN;");
        }

        // Re-applies report "already exists, skipping" as NOTICEs: expected, so not shown (as in ApplyAsync).
        Line(text, "SET LOCAL client_min_messages = warning;");
        Line(text, "SELECT pg_catalog.pg_advisory_xact_lock(" + AdvisoryLockKey.ToString(CultureInfo.InvariantCulture) + ");");
        Line(text, BodyStartMarker);
        text.Append(body);
        if (body.Length > 0 && body[body.Length - 1] != '\n')
        {
            text.Append('\n');
        }

        Line(text, BodyEndMarker);
        if (inTransaction)
        {
            Line(text, "COMMIT;");
        }

        return text.ToString();
    }

    private static string VariableArguments(IReadOnlyList<string> variables)
    {
        var arguments = new StringBuilder();
        foreach (var name in variables)
        {
            // A password on psql's command line is visible to ps; \getenv (psql 15+) reads it from the environment.
            if (name.EndsWith("_password", System.StringComparison.Ordinal))
            {
                arguments.Append(" -c '\\getenv ").Append(name).Append(' ').Append(name.ToUpperInvariant()).Append('\'');
            }
            else
            {
                arguments.Append(" -v ").Append(name).Append("=...");
            }
        }

        return arguments.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
