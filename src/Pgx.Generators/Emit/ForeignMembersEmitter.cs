using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// The foreign members of <c>PgxSchema</c>: <c>ForeignSql</c> (the psql script), the definition the runtime
/// applies and checks, and <c>CheckForeignDriftAsync</c>. Secrets never appear: the script reads credentials
/// from psql variables, the runtime from <c>PgxApplyOptions</c>.
/// </summary>
internal static class ForeignMembersEmitter
{
    /// <summary>
    /// The field holding the runtime definition (null when nothing foreign is declared); internal, as direct-to-shard
    /// repositories take the servers' declared host, port and database from it.
    /// </summary>
    public const string DefinitionField = "ForeignDefinition";

    /// <summary>Writes the members into the body of <c>PgxSchema</c>.</summary>
    public static void WriteMembers(SourceWriter writer, EquatableArray<TableSpec> tables, ForeignSpec foreign)
    {
        var typed = ForeignTableSqlEmitter.TypedTables(tables, foreign);
        writer.Line("/// <summary>");
        if (foreign.Servers.IsEmpty)
        {
            writer.Line("/// The postgres_fdw refresh script (pgx.foreign.sql); empty, as this assembly declares no foreign server.");
            writer.Line("/// </summary>");
            writer.Line("public const string ForeignSql = \"\";");
            writer.Line();
            writer.Line("internal static readonly global::Pgx.ForeignSchemaDefinition? " + DefinitionField + " = null;");
        }
        else
        {
            var required = string.Join(" ", foreign.Servers.SelectMany(s => new[] { "user", "password" }.Select(o => "-v " + ForeignVariables.Variable(s.Name, o) + "=…")));
            writer.Line("/// The postgres_fdw refresh as a psql script: servers, the current user's mappings, schemas and foreign tables;");
            writer.Line("/// idempotent, for one transaction (the pgx.foreign.sql artifact wraps it in one; <c>psql -1</c> does for the bare");
            writer.Line("/// text). Credentials are psql variables, never part of the script: <c>psql " + required + " -f pgx.foreign.sql</c>.");
            writer.Line("/// </summary>");
            writer.Line("public const string ForeignSql = ForeignSqlPrologue + ForeignSqlServers + ForeignSqlLinkCheck + ForeignSqlTables;");
            writer.Line();
            writer.Line("private const string ForeignSqlPrologue = " + GeneratedCode.Verbatim(ForeignPsqlEmitter.RenderPrologue(foreign)) + ";");
            writer.Line();
            writer.Line("private const string ForeignSqlServers = " + GeneratedCode.Verbatim(ForeignServerSqlEmitter.Render(foreign)) + ";");
            writer.Line();
            writer.Line("private const string ForeignSqlLinkCheck = " + GeneratedCode.Verbatim(ForeignPsqlEmitter.RenderLinkCheck(foreign)) + ";");
            writer.Line();
            writer.Line("private const string ForeignSqlTables = " + GeneratedCode.Verbatim(ForeignTableSqlEmitter.RenderTableStatements(tables, foreign) + ForeignPartitionEmitter.Render(tables)) + ";");
            writer.Line();
            writer.Line("internal static readonly global::Pgx.ForeignSchemaDefinition? " + DefinitionField + " = new global::Pgx.ForeignSchemaDefinition(");
            using (writer.Indent())
            {
                writer.Line("ForeignSqlServers,");
                writer.Line("ForeignSqlTables,");
                writer.Line("new global::Pgx.ForeignServerDefinition[]");
                writer.Line("{");
                using (writer.Indent())
                {
                    foreach (var server in foreign.Servers)
                    {
                        writer.Line("new global::Pgx.ForeignServerDefinition(" + Literal(server.Name) + ", " + Literal(ForeignVariables.Prefix(server.Name)) + ", "
                            + Literal(server.Host) + ", " + server.Port.ToString(CultureInfo.InvariantCulture) + ", " + Literal(server.DbName) + "),");
                    }
                }

                writer.Line("},");
                writer.Line("new global::Pgx.ForeignTableDefinition[]");
                writer.Line("{");
                using (writer.Indent())
                {
                    foreach (var table in typed)
                    {
                        var f = table.Foreign!;
                        writer.Line("new global::Pgx.ForeignTableDefinition(" + Literal(table.Qualified()) + ", " + Literal(f.Server) + ", " + Literal(f.RemoteSchema) + ", " + Literal(f.RemoteName) + ", new global::Pgx.ForeignColumnDefinition[]");
                        writer.Line("{");
                        using (writer.Indent())
                        {
                            foreach (var column in table.Columns)
                            {
                                writer.Line("new global::Pgx.ForeignColumnDefinition(" + Literal(column.ColumnName) + ", " + Literal(column.PgType) + ", " + (column.IsNullable ? "true" : "false") + "),");
                            }
                        }

                        writer.Line("}),");
                    }
                }

                writer.Line("});");
            }
        }

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Compares every <c>[ForeignTable]</c> record with its remote table as it is now — columns missing, added, of");
        writer.Line("/// another type or nullability — through this database's foreign servers and the current user's mappings.");
        writer.Line("/// Changes nothing. Run it after the remote side migrates, e.g. in a health check.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"dataSource\">The local database, with the schema applied.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the check.</param>");
        writer.Line("/// <returns>Every difference, naming table and column; empty when the records match.</returns>");
        writer.Line("public static global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Pgx.PgxDrift>> CheckForeignDriftAsync(global::Npgsql.NpgsqlDataSource dataSource, global::System.Threading.CancellationToken cancellationToken = default)");
        writer.Line("    => global::Pgx.PgxForeignDrift.CheckAsync(dataSource, " + DefinitionField + ", cancellationToken);");
    }

    private static string Literal(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, true);
}
