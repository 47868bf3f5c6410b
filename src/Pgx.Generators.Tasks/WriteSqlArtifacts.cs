using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Pgx.Generators.Tasks;

/// <summary>
/// Writes one SQL file per <see cref="Artifacts"/> item from the <c>public const string</c> of
/// <c>Pgx.Generated.PgxSchema</c> that the item's <c>Constant</c> metadata names, read from the compiled
/// assembly's metadata. An assembly without that class gets no files. Used by <c>build/Pgx.Generators.targets</c>;
/// see docs/sql-artifacts.md.
/// </summary>
public sealed class WriteSqlArtifacts : Task
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The compiled assembly (the implementation assembly, not a reference assembly).</summary>
    [Required]
    public string AssemblyPath { get; set; } = "";

    /// <summary>The files to write (full paths), each with <c>Constant</c> metadata: the field name, e.g. <c>Sql</c>.</summary>
    [Required]
    public ITaskItem[] Artifacts { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Wrap each script in BEGIN/COMMIT (default). Off for migration tools with their own transaction.</summary>
    public bool InTransaction { get; set; } = true;

    /// <summary>The files written.</summary>
    [Output]
    public ITaskItem[] Written { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        CompiledSchema schema;
        try
        {
            schema = CompiledSchema.Read(AssemblyPath);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is BadImageFormatException)
        {
            Log.LogError(null, "PGXB001", null, AssemblyPath, 0, 0, 0, 0, "Pgx cannot read the compiled assembly to write its SQL artifacts: {0}", e.Message);
            return false;
        }

        if (!schema.HasSchemaType)
        {
            // No Pgx records here (for example a test project that references the app: the package's build
            // files flow to it, the generator does not). Nothing to apply, so no files, and none left over.
            foreach (var artifact in Artifacts)
            {
                if (File.Exists(artifact.ItemSpec))
                {
                    File.Delete(artifact.ItemSpec);
                }
            }

            Log.LogMessage(MessageImportance.Normal, "Pgx: {0} declares no Pgx records ({1}.{2} is not in it), so no SQL artifacts are written.",
                schema.AssemblyName, CompiledSchema.Namespace, CompiledSchema.TypeName);
            return !Log.HasLoggedErrors;
        }

        var producer = "Pgx.Generators " + (schema.GeneratorVersion ?? OwnVersion());
        var written = new List<ITaskItem>();
        foreach (var artifact in Artifacts)
        {
            var constant = artifact.GetMetadata("Constant");
            if (string.IsNullOrWhiteSpace(constant))
            {
                Log.LogError(null, "PGXB002", null, null, 0, 0, 0, 0,
                    "The PgxSqlArtifact item '{0}' has no Constant metadata: name the public const string of Pgx.Generated.PgxSchema to write, e.g. Constant=\"Sql\".",
                    artifact.ItemSpec);
                continue;
            }

            var path = artifact.ItemSpec;
            var text = SqlArtifact.Render(Path.GetFileName(path), constant.Trim(), schema, producer, InTransaction);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, text, Utf8NoBom);
            Log.LogMessage(MessageImportance.Low, "Pgx: wrote {0} from {1}.{2}.{3}", path, CompiledSchema.Namespace, CompiledSchema.TypeName, constant.Trim());
            written.Add(new TaskItem(path));
        }

        if (Artifacts.Length > 0)
        {
            written.AddRange(WriteShardArtifacts(schema, Path.GetDirectoryName(Path.GetFullPath(Artifacts[0].ItemSpec))!, producer));
        }

        Written = written.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// One <c>pgx.shard.&lt;server&gt;.sql</c> per foreign server that holds partitions, beside the other artifacts: the
    /// tables behind its foreign partitions, for a team that applies with psql instead of <c>ApplyAsync</c>. Files of
    /// servers the model no longer has are deleted.
    /// </summary>
    private List<ITaskItem> WriteShardArtifacts(CompiledSchema schema, string directory, string producer)
    {
        var written = new List<ITaskItem>();
        var shards = new List<Pgx.Schema.ShardModel>();
        if (schema.Constants.TryGetValue(PgxModel.ConstantName, out var json))
        {
            try
            {
                shards = Pgx.Schema.SchemaJson.Read(json).Shards;
            }
            catch (FormatException e)
            {
                Log.LogError(null, "PGXB005", null, AssemblyPath, 0, 0, 0, 0, "{0}'s Pgx model cannot be read: {1}", schema.AssemblyName, e.Message);
                return written;
            }
        }

        foreach (var shard in shards)
        {
            var body = new StringBuilder();
            foreach (var name in shard.Schemas)
            {
                body.Append("CREATE SCHEMA IF NOT EXISTS ").Append(Pgx.SqlIdentifier.Quote(name)).Append(";\n");
            }

            foreach (var table in shard.Tables)
            {
                body.Append(table.CreateSql);
            }

            var path = Path.Combine(directory, ShardFileName(shard.Server));
            File.WriteAllText(path, SqlArtifact.RenderShard(Path.GetFileName(path), shard.Server, body.ToString(), schema, producer, InTransaction), Utf8NoBom);
            written.Add(new TaskItem(path));
        }

        if (Directory.Exists(directory))
        {
            foreach (var stale in Directory.GetFiles(directory, ShardFileName("*")))
            {
                if (!written.Exists(w => string.Equals(Path.GetFullPath(w.ItemSpec), Path.GetFullPath(stale), StringComparison.Ordinal)))
                {
                    File.Delete(stale);
                }
            }
        }

        return written;
    }

    /// <summary>The artifact of one foreign server's tables: <c>pgx.shard.&lt;server&gt;.sql</c>.</summary>
    public static string ShardFileName(string server) => "pgx.shard." + server + ".sql";

    private static string OwnVersion()
    {
        var assembly = typeof(WriteSqlArtifacts).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational is null ? assembly.GetName().Version?.ToString() ?? "0.0.0" : informational.Split('+')[0];
    }
}
