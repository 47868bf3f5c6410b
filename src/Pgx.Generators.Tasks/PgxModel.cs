using System;
using System.IO;
using Microsoft.Build.Utilities;
using Pgx.Generators.Tasks.Migrations;
using Pgx.Schema;

namespace Pgx.Generators.Tasks;

/// <summary>The compiled model and the migrations folder's snapshot, read for the migration tasks, with their errors logged.</summary>
internal static class PgxModel
{
    /// <summary>The <c>Pgx.Generated.PgxSchema</c> constant that holds the model as JSON.</summary>
    public const string ConstantName = "Model";

    /// <summary>
    /// Reads the model from <paramref name="assemblyPath"/> and the snapshot (null when there is none yet) from
    /// <paramref name="migrationsPath"/>; false, with an error logged, when either cannot be read.
    /// </summary>
    public static bool TryRead(TaskLoggingHelper log, string assemblyPath, string migrationsPath, out SchemaModel model, out SchemaModel? snapshot, out CompiledSchema compiled)
    {
        model = new SchemaModel();
        snapshot = null;
        try
        {
            compiled = CompiledSchema.Read(assemblyPath);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is BadImageFormatException)
        {
            compiled = null!;
            log.LogError(null, "PGXB001", null, assemblyPath, 0, 0, 0, 0, "Pgx cannot read the compiled assembly for its model: {0}", e.Message);
            return false;
        }

        if (!compiled.Constants.TryGetValue(ConstantName, out var json))
        {
            log.LogError(null, "PGXB005", null, assemblyPath, 0, 0, 0, 0,
                "{0} has no Pgx model ({1}.{2}.{3}): migrations need Pgx table records in this project, compiled by the Pgx.Generators generator.",
                compiled.AssemblyName, CompiledSchema.Namespace, CompiledSchema.TypeName, ConstantName);
            return false;
        }

        try
        {
            model = SchemaJson.Read(json);
        }
        catch (FormatException e)
        {
            log.LogError(null, "PGXB005", null, assemblyPath, 0, 0, 0, 0, "{0}'s Pgx model cannot be read: {1}", compiled.AssemblyName, e.Message);
            return false;
        }

        var snapshotPath = Path.Combine(migrationsPath, MigrationFolder.SnapshotFileName);
        try
        {
            snapshot = File.Exists(snapshotPath) ? SchemaJson.Read(File.ReadAllText(snapshotPath)) : null;
            return true;
        }
        catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
        {
            log.LogError(null, "PGXB006", null, snapshotPath, 0, 0, 0, 0,
                "Pgx cannot read the migrations snapshot: {0} Restore it from version control (it is the model the last migration led to).", e.Message);
            return false;
        }
    }
}
