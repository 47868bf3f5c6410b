using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Pgx.Generators.Tasks.Migrations;
using Pgx.Schema;

namespace Pgx.Generators.Tasks;

/// <summary>
/// <c>dotnet build -t:PgxAddMigration -p:PgxMigrationName=Name</c>: diffs the compiled model (the <c>Model</c>
/// constant of <c>Pgx.Generated.PgxSchema</c>, read from the assembly's metadata: no user code runs) against the
/// migrations folder's snapshot, writes the next versioned migration, and updates the snapshot. No change writes
/// nothing. See docs/migrations.md.
/// </summary>
public sealed class AddPgxMigration : Task
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The compiled assembly (the implementation assembly, not a reference assembly).</summary>
    [Required]
    public string AssemblyPath { get; set; } = "";

    /// <summary>The migrations folder (full path), where the scripts and <c>pgx.snapshot.json</c> live.</summary>
    [Required]
    public string MigrationsPath { get; set; } = "";

    /// <summary>The migration's name, from <c>-p:PgxMigrationName=…</c>.</summary>
    public string MigrationName { get; set; } = "";

    /// <summary>The folder the migrations path is shown relative to in headers and messages (the project's).</summary>
    public string ProjectDirectory { get; set; } = "";

    /// <summary>The files written (scripts, their Flyway configuration files, the snapshot).</summary>
    [Output]
    public ITaskItem[] Written { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        var name = MigrationName.Trim();
        if (name.Length == 0)
        {
            Log.LogError(null, "PGXB003", null, null, 0, 0, 0, 0,
                "Name the migration: dotnet build -t:PgxAddMigration -p:PgxMigrationName=AddEmail (a letter, then letters, digits or underscores).");
            return false;
        }

        if (MigrationFolder.WhyInvalid(name) is { } why)
        {
            Log.LogError(null, "PGXB004", null, null, 0, 0, 0, 0, "'{0}' cannot name a migration: {1}.", name, why);
            return false;
        }

        if (!PgxModel.TryRead(Log, AssemblyPath, MigrationsPath, out var model, out var snapshot, out var compiled))
        {
            return false;
        }

        var steps = MigrationPlanner.Plan(model, snapshot);
        var snapshotPath = Path.Combine(MigrationsPath, MigrationFolder.SnapshotFileName);
        var shownFolder = Shown(MigrationsPath);
        if (steps.Count == 0)
        {
            Log.LogMessage(MessageImportance.High, "Pgx: the model of {0} has no changes since {1}: no migration written.",
                compiled.AssemblyName, Shown(snapshotPath));
            return true;
        }

        var version = MigrationFolder.HighestVersion(MigrationsPath) + 1;
        var producer = compiled.AssemblyName + " " + compiled.AssemblyVersion + " with Pgx.Generators " + (compiled.GeneratorVersion ?? "?");
        var from = snapshot is null ? "an empty database (no snapshot yet)" : "the snapshot " + Shown(snapshotPath);
        var scripts = MigrationScripts.Render(steps, version, name, producer, from);

        Directory.CreateDirectory(MigrationsPath);
        var written = new List<ITaskItem>();
        foreach (var script in scripts)
        {
            written.Add(Write(Path.Combine(MigrationsPath, script.FileName), script.Text));
            if (!script.InTransaction)
            {
                written.Add(Write(Path.Combine(MigrationsPath, script.FileName + ".conf"), MigrationScripts.FlywayTransactionOff));
            }
        }

        written.Add(Write(snapshotPath, compiled.Constants[PgxModel.ConstantName]));
        Written = written.ToArray();
        Log.LogMessage(MessageImportance.High, "Pgx: migration {0} ({1}) of {2}: {3} step(s) in {4} in {5}; {6} updated.",
            version, name, compiled.AssemblyName, steps.Count, string.Join(", ", scripts.Select(s => s.FileName + (s.InTransaction ? "" : " (outside a transaction)"))),
            shownFolder, MigrationFolder.SnapshotFileName);
        return !Log.HasLoggedErrors;
    }

    private static ITaskItem Write(string path, string text)
    {
        File.WriteAllText(path, text, Utf8NoBom);
        return new TaskItem(path);
    }

    private string Shown(string path)
    {
        if (ProjectDirectory.Length == 0)
        {
            return path;
        }

        var root = Path.GetFullPath(ProjectDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(path);
        return full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length).Replace('\\', '/') : full;
    }
}
