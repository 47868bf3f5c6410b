using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Pgx.Generators.Tasks.Migrations;

/// <summary>One file of a migration: its name and text.</summary>
/// <param name="FileName">e.g. <c>V0002__AddEmail.sql</c>.</param>
/// <param name="Text">The script, header included.</param>
/// <param name="InTransaction">Whether it runs in a transaction (false: the migration tool must run it outside one).</param>
internal sealed record MigrationScript(string FileName, string Text, bool InTransaction);

/// <summary>
/// A plan as versioned migration scripts. Steps that run in a transaction go into one script per unbroken run of
/// them (a step that must commit before the next ends its script); every statement that cannot (<c>CREATE INDEX CONCURRENTLY</c>, <c>DROP INDEX CONCURRENTLY</c>) gets a script
/// of its own, marked for both tools: Evolve's <c>-- evolve-tx-off</c> on the first line, and a Flyway script
/// configuration file beside it with <c>executeInTransaction=false</c>. One statement per such script because
/// PostgreSQL refuses a concurrent index build in a multi-statement string, which is how Evolve sends a script.
/// The parts share the version: <c>V0002__Name.sql</c>, <c>V0002.1__Name.sql</c>, … Only '\n' line ends, and no
/// time or path, so the same model and snapshot give the same bytes.
/// </summary>
internal static class MigrationScripts
{
    /// <summary>Evolve's first-line marker for a script it must run outside a transaction.</summary>
    public const string EvolveTransactionOff = "-- evolve-tx-off";

    /// <summary>The text of the Flyway script configuration file (<c>&lt;script&gt;.conf</c>) of a script outside a transaction.</summary>
    public const string FlywayTransactionOff = "executeInTransaction=false\n";

    /// <summary>The scripts of migration <paramref name="version"/> named <paramref name="name"/>.</summary>
    /// <param name="steps">The plan, in order; not empty.</param>
    /// <param name="version">The migration's version number.</param>
    /// <param name="name">The migration's name (already validated).</param>
    /// <param name="producer">What wrote it, e.g. <c>Consumer 1.0.0.0 with Pgx.Generators 0.1.0</c>.</param>
    /// <param name="from">What the migration starts from, e.g. <c>the snapshot Migrations/Pgx/pgx.snapshot.json</c>.</param>
    public static IReadOnlyList<MigrationScript> Render(IReadOnlyList<PgxPlanStep> steps, long version, string name, string producer, string from)
    {
        var parts = Split(steps);
        var names = parts.Select((_, i) => MigrationFolder.FileName(version, i, name)).ToList();
        var scripts = new List<MigrationScript>();
        for (var i = 0; i < parts.Count; i++)
        {
            var text = new StringBuilder();
            var part = parts[i];
            if (!part.InTransaction)
            {
                Line(text, EvolveTransactionOff);
            }

            Line(text, "-- " + names[i] + ": migration " + version.ToString(CultureInfo.InvariantCulture) + " (" + name + ") of " + producer + ",");
            Line(text, "-- written by dotnet build -t:PgxAddMigration from " + from + " to the compiled model.");
            Line(text, "-- Do not edit once applied anywhere: migration tools check each script's checksum. Change the C# records and add");
            Line(text, "-- a migration instead.");
            if (parts.Count > 1)
            {
                Line(text, "-- Part " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of " + parts.Count.ToString(CultureInfo.InvariantCulture)
                    + " of the migration, applied in this order: " + string.Join(", ", names.Select((n, j) => n + (parts[j].InTransaction ? "" : " (outside a transaction)"))) + ".");
            }

            Line(text, "--");
            if (part.InTransaction)
            {
                Line(text, "-- Runs in one transaction: migration tools give each script one; with psql, --single-transaction.");
                Line(text, "-- Apply: psql -v ON_ERROR_STOP=1 --single-transaction -f " + names[i]);
            }
            else
            {
                Line(text, "-- OUTSIDE A TRANSACTION: PostgreSQL refuses this statement inside one. Evolve reads the first line above;");
                Line(text, "-- Flyway reads " + names[i] + ".conf (executeInTransaction=false).");
                if (part.StepStart >= 0)
                {
                    // The step's first statement clears what a failed attempt leaves (an invalid index), so a retry starts there.
                    Line(text, "-- If it fails, apply " + names[part.StepStart] + " again before this script: it removes what a failed");
                    Line(text, "-- attempt leaves behind (an invalid index).");
                }
                Line(text, "-- Apply: psql -v ON_ERROR_STOP=1 -f " + names[i]);
            }

            Line(text, "--");
            Line(text, "-- Steps:");
            foreach (var step in part.Steps)
            {
                Line(text, "--   " + OneLine(step.Description) + (step.Hazards == PgxHazard.None ? "" : " [hazards: " + step.Hazards + "]"));
            }

            foreach (var step in part.Steps)
            {
                Line(text, "");
                Line(text, "-- " + OneLine(step.Description));
                text.Append(part.InTransaction ? step.Sql : step.Statements[0].TrimEnd().TrimEnd(';') + ";").Append('\n');
            }

            scripts.Add(new MigrationScript(names[i], text.ToString(), part.InTransaction));
        }

        return scripts;
    }

    /// <summary>Runs of transactional steps, and each statement of a step that cannot run in a transaction alone.</summary>
    /// <remarks><c>StepStart</c>: for the second and later statements of a step, the part its first statement is in; else -1.</remarks>
    private static List<(bool InTransaction, List<PgxPlanStep> Steps, int StepStart)> Split(IReadOnlyList<PgxPlanStep> steps)
    {
        var parts = new List<(bool InTransaction, List<PgxPlanStep> Steps, int StepStart)>();
        var committed = true;
        foreach (var step in steps)
        {
            if (step.RunsInTransaction)
            {
                if (committed || !parts[parts.Count - 1].InTransaction)
                {
                    parts.Add((true, new List<PgxPlanStep>(), -1));
                }

                parts[parts.Count - 1].Steps.Add(step);
                // A step whose locks must be gone before the next one (a NOT VALID constraint the next validates online)
                // ends its script, as it ends its transaction at run time.
                committed = step.EndsTransaction;
                continue;
            }

            committed = true;

            var first = parts.Count;
            for (var i = 0; i < step.Statements.Count; i++)
            {
                var description = step.Statements.Count == 1 ? step.Description
                    : step.Description + " (statement " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of " + step.Statements.Count.ToString(CultureInfo.InvariantCulture) + ")";
                parts.Add((false, new List<PgxPlanStep> { new(step.Table, description, new[] { step.Statements[i] }, step.Hazards, runsInTransaction: false) }, i == 0 ? -1 : first));
            }
        }

        return parts;
    }

    private static string OneLine(string text) => text.Replace("\r", " ").Replace("\n", " ");

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
