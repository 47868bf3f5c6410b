using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;
using Pgx.Schema;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>PgxSchema.g.cs</c>: the assembly's DDL as constants, <c>ApplyAsync</c>, and one
/// <c>[assembly: TriggerRoutedTable]</c> per trigger-routed table, one <c>[assembly: PartitionedTable]</c> per
/// declaratively partitioned table and one <c>[assembly: ForeignTableOnServer]</c> per foreign table whose name is
/// known at compile time, so analyzers in referencing projects know them.
/// </summary>
internal static class SchemaEmitter
{
    /// <summary>The hint name of the schema file.</summary>
    public const string HintName = "PgxSchema.g.cs";

    /// <summary>Adds <c>PgxSchema.g.cs</c> when there is anything to put in it.</summary>
    public static void Emit(SourceProductionContext context, (EquatableArray<TableSpec> Tables, ForeignSpec Foreign) schema)
    {
        if (schema.Tables.IsEmpty && schema.Foreign.IsEmpty)
        {
            return;
        }

        context.AddSource(HintName, Render(schema.Tables, schema.Foreign));
    }

    /// <summary>
    /// The idempotent DDL of every local table, schemas first, then tables in (schema, name) order, then what makes each
    /// partition follow its parent's privileges, row-level security and row triggers: the pieces of
    /// <paramref name="model"/> (<see cref="SchemaModelEmitter.Build"/>), which carries each table's DDL, in order.
    /// </summary>
    public static string RenderSql(SchemaModel model)
    {
        var sql = new SourceWriter();
        foreach (var schema in model.Schemas)
        {
            sql.Line("CREATE SCHEMA IF NOT EXISTS " + SqlText.Identifier(schema) + ";");
        }

        if (model.Schemas.Count > 0)
        {
            sql.Line();
        }

        return sql + string.Concat(model.Tables.Select(t => t.CreateSql)) + model.MirrorSql + RollingProcedure.Render(model);
    }

    /// <summary>The schemas other than <c>public</c> that local tables and their sequences live in, in ordinal order.</summary>
    public static List<string> SchemasOf(IEnumerable<TableSpec> local) =>
        local.Select(t => t.Schema).Concat(local.Where(t => t.Sequence is not null).Select(t => t.Sequence!.Schema))
            .Where(s => s != "public").Distinct().OrderBy(s => s, System.StringComparer.Ordinal).ToList();

    /// <summary>
    /// The foreign tables whose names are known at compile time: every <c>[ForeignTable]</c> record and partition on
    /// another server, then the tables an import names in <c>LimitTo</c> (writable as far as Pgx knows; a typed record
    /// of the same name wins).
    /// </summary>
    private static List<(string Table, string Server, bool ReadOnly)> ForeignTablesByName(EquatableArray<TableSpec> tables, ForeignSpec foreign)
    {
        var result = new List<(string Table, string Server, bool ReadOnly)>();
        var seen = new HashSet<(string Schema, string Name)>();
        foreach (var table in tables)
        {
            if (table.Foreign is { } spec && seen.Add((table.Schema, table.Name)))
            {
                result.Add((table.Qualified(), spec.Server, spec.IsReadOnly));
            }

            foreach (var partition in table.Partitioning?.Partitions.Where(p => p.Server is not null) ?? Enumerable.Empty<PartitionSpec>())
            {
                if (seen.Add((table.Schema, partition.Name)))
                {
                    result.Add((table.QualifiedChild(partition.Name), partition.Server!, false));
                }
            }
        }

        foreach (var import in foreign.Imports)
        {
            foreach (var name in import.LimitTo.OrderBy(n => n, System.StringComparer.Ordinal))
            {
                if (seen.Add((import.LocalSchema, name)))
                {
                    result.Add((SqlText.Qualified(import.LocalSchema, name), import.Server, false));
                }
            }
        }

        return result;
    }

    /// <summary>The full C# source of <c>PgxSchema.g.cs</c> for an assembly without foreign declarations.</summary>
    public static string Render(EquatableArray<TableSpec> tables) => Render(tables, ForeignSpec.Empty);

    /// <summary>The full C# source of <c>PgxSchema.g.cs</c>.</summary>
    public static string Render(EquatableArray<TableSpec> tables, ForeignSpec foreign)
    {
        var writer = new SourceWriter();
        GeneratedCode.WriteHeader(writer);
        var partitioned = tables.Where(t => t.Partitioning is not null).ToList();
        foreach (var table in partitioned)
        {
            var attribute = table.IsTriggerRouted ? "TriggerRoutedTable" : "PartitionedTable";
            writer.Line("[assembly: global::Pgx." + attribute + "(" + SymbolDisplay.FormatLiteral(table.Qualified(), true) + ")]");
        }

        var foreignTables = ForeignTablesByName(tables, foreign);
        foreach (var (table, server, readOnly) in foreignTables)
        {
            writer.Line("[assembly: global::Pgx.ForeignTableOnServer(" + SymbolDisplay.FormatLiteral(table, true) + ", " + SymbolDisplay.FormatLiteral(server, true) + ", ReadOnly = " + (readOnly ? "true" : "false") + ")]");
        }

        if (partitioned.Count > 0 || foreignTables.Count > 0)
        {
            writer.Line();
        }

        var models = string.Join(", ", tables.Where(t => t.Foreign is null).Select(t => ClrTypeNames.Readable(t.FullyQualifiedType)));
        using (writer.Block("namespace Pgx.Generated"))
        {
            writer.Line("/// <summary>");
            writer.Line("/// The PostgreSQL schema of this assembly's Pgx table records, as idempotent SQL, and the means to apply it.");
            writer.Line("/// </summary>");
            writer.Line(GeneratedCode.Attribute);
            using (writer.Block("internal static partial class PgxSchema"))
            {
                writer.Line("/// <summary>");
                writer.Line("/// Idempotent DDL for every table record (" + System.Security.SecurityElement.Escape(models) + "), in dependency order:");
                writer.Line("/// running it again changes nothing.");
                if (PartitionMirrorEmitter.Writes(tables))
                {
                    writer.Line("/// It ends by giving every partition its parent's privileges and row-level security policies, and every");
                    writer.Line("/// trigger-routed child its parent's row triggers: apply again after changing those on a parent.");
                }

                writer.Line("/// </summary>");
                var model = SchemaModelEmitter.Build(tables);
                writer.Line("public const string Sql = " + GeneratedCode.Verbatim(RenderSql(model)) + ";");
                writer.Line();
                writer.Line("/// <summary>");
                writer.Line("/// The same tables as data (JSON): what <c>PlanAsync</c> and <c>ApplyAsync</c> compare with the live catalog, and what");
                writer.Line("/// the build's migrations compare with the committed snapshot.");
                writer.Line("/// </summary>");
                writer.Line("public const string Model = " + GeneratedCode.Verbatim(SchemaJson.Write(model)) + ";");
                writer.Line();
                ForeignMembersEmitter.WriteMembers(writer, tables, foreign);
                writer.Line();
                writer.Line("/// <summary>");
                writer.Line("/// Brings the database to <see cref=\"Model\"/>: reads the catalog, plans only what differs (a fresh database gets");
                writer.Line("/// <see cref=\"Sql\"/>), refuses steps that lose data unless <see cref=\"global::Pgx.PgxApplyOptions.AllowDataLoss\"/>,");
                writer.Line("/// runs every statement under <see cref=\"global::Pgx.PgxApplyOptions.LockTimeout\"/> with retries, then refreshes the");
                writer.Line("/// foreign objects of <see cref=\"ForeignSql\"/> in one transaction. Under a PostgreSQL advisory lock, so concurrent");
                writer.Line("/// applies run one after the other. Safe to run at every start-up: with nothing to change it changes nothing.");
                writer.Line("/// </summary>");
                writer.Line("/// <param name=\"dataSource\">The database to apply to.</param>");
                writer.Line("/// <param name=\"options\">Run-time settings such as foreign-server credentials, or <see langword=\"null\"/>.</param>");
                writer.Line("/// <param name=\"cancellationToken\">Cancels the apply between statements.</param>");
                writer.Line("/// <returns>What ran: each step, how long it took and how long it held its locks.</returns>");
                writer.Line("public static global::System.Threading.Tasks.Task<global::Pgx.PgxApplyReport> ApplyAsync(global::Npgsql.NpgsqlDataSource dataSource, global::Pgx.PgxApplyOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
                writer.Line("    => global::Pgx.PgxSchemaApplier.ApplyModelAsync(dataSource, Model, " + ForeignMembersEmitter.DefinitionField + ", options, cancellationToken);");
                writer.Line();
                writer.Line("/// <summary>");
                writer.Line("/// Brings the database to <see cref=\"Model\"/> and refreshes the foreign objects inside the caller's transaction (e.g.");
                writer.Line("/// next to the application's own migrations), under the same advisory lock. Commits nothing. A plan with a step that");
                writer.Line("/// cannot run in a transaction (a concurrent index build) is refused, naming the steps.");
                writer.Line("/// </summary>");
                writer.Line("/// <param name=\"connection\">An open connection.</param>");
                writer.Line("/// <param name=\"transaction\">The caller's transaction on <paramref name=\"connection\"/>.</param>");
                writer.Line("/// <param name=\"options\">Run-time settings such as foreign-server credentials, or <see langword=\"null\"/>.</param>");
                writer.Line("/// <param name=\"cancellationToken\">Cancels the statements.</param>");
                writer.Line("/// <returns>What ran.</returns>");
                writer.Line("public static global::System.Threading.Tasks.Task<global::Pgx.PgxApplyReport> ApplyAsync(global::Npgsql.NpgsqlConnection connection, global::Npgsql.NpgsqlTransaction transaction, global::Pgx.PgxApplyOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
                writer.Line("    => global::Pgx.PgxSchemaApplier.ApplyModelAsync(connection, transaction, Model, " + ForeignMembersEmitter.DefinitionField + ", options, cancellationToken);");
                writer.Line();
                writer.Line("/// <summary>What <c>ApplyAsync</c> would do to the database, step by step with SQL and hazards; changes nothing.</summary>");
                writer.Line("/// <param name=\"dataSource\">The database.</param>");
                writer.Line("/// <param name=\"options\">Run-time settings, or <see langword=\"null\"/>.</param>");
                writer.Line("/// <param name=\"cancellationToken\">Cancels the reads.</param>");
                writer.Line("/// <returns>The plan; empty when the database matches the model.</returns>");
                writer.Line("public static global::System.Threading.Tasks.Task<global::Pgx.PgxPlan> PlanAsync(global::Npgsql.NpgsqlDataSource dataSource, global::Pgx.PgxApplyOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
                writer.Line("    => global::Pgx.PgxSchemaApplier.PlanAsync(dataSource, Model, options, cancellationToken);");
                writer.Line();
                writer.Line("/// <summary>Every difference between the local tables and the model: tables, columns, indexes, partitions, routing functions.</summary>");
                writer.Line("/// <param name=\"dataSource\">The database.</param>");
                writer.Line("/// <param name=\"cancellationToken\">Cancels the reads.</param>");
                writer.Line("/// <returns>The differences; empty when the database matches the model.</returns>");
                writer.Line("public static global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Pgx.PgxDrift>> CheckDriftAsync(global::Npgsql.NpgsqlDataSource dataSource, global::System.Threading.CancellationToken cancellationToken = default)");
                writer.Line("    => global::Pgx.PgxSchemaApplier.CheckDriftAsync(dataSource, Model, cancellationToken);");
                if (model.Shards.Count > 0)
                {
                    writer.Line();
                    writer.Line("/// <summary>");
                    writer.Line("/// Every difference between the local tables and the model, and between the tables behind the partitions on other");
                    writer.Line("/// servers and the model, through each server's own connection; each of those names its server.");
                    writer.Line("/// </summary>");
                    writer.Line("/// <param name=\"dataSource\">The database.</param>");
                    writer.Line("/// <param name=\"options\">The servers' connection settings and credentials.</param>");
                    writer.Line("/// <param name=\"cancellationToken\">Cancels the reads.</param>");
                    writer.Line("/// <returns>The differences; empty when every database matches the model.</returns>");
                    writer.Line("public static global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Pgx.PgxDrift>> CheckDriftAsync(global::Npgsql.NpgsqlDataSource dataSource, global::Pgx.PgxApplyOptions options, global::System.Threading.CancellationToken cancellationToken = default)");
                    writer.Line("    => global::Pgx.PgxSchemaApplier.CheckDriftAsync(dataSource, Model, options, cancellationToken);");
                }

                if (tables.Any(t => t.Partitioning?.Rolling is not null))
                {
                    RollingMembersEmitter.WriteMaintain(writer);
                }
            }
        }

        return writer.ToString();
    }
}
