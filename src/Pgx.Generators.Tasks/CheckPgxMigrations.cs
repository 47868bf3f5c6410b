using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Pgx.Generators.Tasks.Migrations;

namespace Pgx.Generators.Tasks;

/// <summary>
/// After a normal build of a project that has a migrations snapshot: warns PGX0201 while the compiled model has changes
/// that no migration captures, naming them and the command that adds the migration. The same diff as
/// <see cref="AddPgxMigration"/>, so the warning goes exactly when that command would write nothing.
/// </summary>
public sealed class CheckPgxMigrations : Task
{
    /// <summary>The rule's id.</summary>
    public const string RuleId = "PGX0201";

    /// <summary>The rule's documentation.</summary>
    public const string HelpLink = "https://github.com/pgx-generators/Pgx.Generators/blob/main/docs/diagnostics/PGX0201.md";

    /// <summary>The compiled assembly.</summary>
    [Required]
    public string AssemblyPath { get; set; } = "";

    /// <summary>The migrations folder (full path).</summary>
    [Required]
    public string MigrationsPath { get; set; } = "";

    /// <summary>The project file's name, for the command in the message.</summary>
    public string ProjectFile { get; set; } = "";

    /// <inheritdoc/>
    public override bool Execute()
    {
        var snapshotPath = Path.Combine(MigrationsPath, MigrationFolder.SnapshotFileName);
        if (!File.Exists(snapshotPath))
        {
            return true; // A project that never added a migration is not using them.
        }

        if (!PgxModel.TryRead(Log, AssemblyPath, MigrationsPath, out var model, out var snapshot, out _))
        {
            return false;
        }

        var steps = MigrationPlanner.Plan(model, snapshot);
        if (steps.Count == 0)
        {
            return true;
        }

        const int shown = 3;
        var changes = string.Join("; ", steps.Take(shown).Select(s => s.Description)) + (steps.Count > shown ? "; and " + (steps.Count - shown) + " more" : "");
        Log.LogWarning(null, RuleId, null, HelpLink, snapshotPath, 0, 0, 0, 0,
            "The Pgx model has changes that no migration captures ({0}). Add a migration: dotnet build {1}-t:PgxAddMigration -p:PgxMigrationName=<Name>",
            changes, ProjectFile.Length == 0 ? "" : ProjectFile + " ");
        return true;
    }
}
