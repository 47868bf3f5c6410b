using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>ImportAsync</c>: a bulk load for callers that do not need the keys back. Every row is checked and its target
/// computed before the database is touched (the row pass of <see cref="RepositoryRowPass"/>); then one binary COPY per target that receives rows (each child for
/// trigger routing, the table itself otherwise), the key column left to its default, in one transaction. Unlike
/// <c>InsertManyAsync</c> there is no key round trip and no copy of each row with its key.
/// </summary>
internal static class RepositoryImport
{
    /// <summary>Whether <c>ImportAsync</c> is generated: local tables (a foreign table's column defaults are the remote side's).</summary>
    public static bool Imports(RepositoryPlan plan) => plan.WritesRows && plan.Foreign is null;

    /// <summary>The columns the COPY sends: every column but the one filled from the sequence by its default.</summary>
    public static IReadOnlyList<ColumnSpec> Columns(RepositoryPlan plan) => plan.InsertParameters.ToList();

    /// <summary><c>COPY target (c…) FROM STDIN (FORMAT BINARY)</c> without the sequence column.</summary>
    public static string CopySql(RepositoryPlan plan, string target) =>
        "COPY " + target + " (" + SqlText.IdentifierList(Columns(plan).Select(c => c.ColumnName)) + ") FROM STDIN (FORMAT BINARY)";

    /// <summary>Writes <c>ImportAsync</c> and the <c>ImportRowsAsync</c> it runs once per target.</summary>
    public static void WriteImport(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var perChild = plan.Table.IsTriggerRouted;
        var sequence = plan.SequenceColumn;
        writer.Line("/// <summary>");
        writer.Line("/// Bulk-loads <paramref name=\"rows\"/> when the keys are not needed back, all or nothing in one transaction:");
        writer.Line("/// every row is checked before the database is touched, then the rows go");
        writer.Line("/// "
            + (perChild ? "straight to their child tables, one binary COPY per child" : "to <c>" + RepositoryEmitter.Xml(plan.Table.Qualified()) + "</c> by one binary COPY")
            + (sequence is null ? "." : ","));
        if (sequence is not null)
        {
            writer.Line("/// and each row's <c>" + sequence.PropertyName + "</c> comes from the column default (<c>nextval(" + RepositoryEmitter.Xml(SqlText.Literal(plan.Table.Sequence!.QualifiedSequence())) + ")</c>).");
        }

        writer.Line("/// PostgreSQL refuses COPY into a table whose row-level security applies to the current user; use");
        writer.Line("/// <c>InsertManyAsync</c> there. Built with a caller's transaction, the load runs in it and is committed only by");
        writer.Line("/// the caller; a load that fails there leaves that transaction aborted, to be rolled back by the caller.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"rows\">The rows, read once" + (sequence is null ? "" : "; their <c>" + sequence.PropertyName + "</c> is ignored") + ".</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the load; nothing is stored.</param>");
        writer.Line("/// <returns>How many rows were stored.</returns>");
        RepositoryWrites.WritePartitionExceptionDoc(writer, plan, "anything is stored");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, Columns(plan), "anything is stored", reads: false);
        using (writer.Block("public async global::System.Threading.Tasks.Task<long> ImportAsync(global::System.Collections.Generic.IEnumerable<" + type + "> rows, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            RepositoryRowPass.Write(writer, plan, new RowPass(Columns(plan), KeepsPartitions: perChild, SkipsUnroutable: false, AnyEnumerable: true, Empty: "0"));
            RepositoryWrites.WriteLeased(writer, () =>
            {
                writer.Line("var transaction = await _db.BeginBatchAsync(connection, cancellationToken).ConfigureAwait(false);");
                using (writer.Block("try"))
                {
                    if (perChild)
                    {
                        writer.Line("var rowsByPartition = global::Pgx.PgxRepositoryConnection.RowsByPartition(partitions, ImportSql.Length);");
                        writer.Line("var imported = 0L;");
                        using (writer.Block("for (var partition = 0; partition < rowsByPartition.Length; partition++)"))
                        {
                            using (writer.Block("if (rowsByPartition[partition].Length > 0)"))
                            {
                                writer.Line("imported += await ImportRowsAsync(connection, ImportSql[partition], result, rowsByPartition[partition], cancellationToken).ConfigureAwait(false);");
                            }
                        }
                    }
                    else
                    {
                        writer.Line("var imported = await ImportRowsAsync(connection, ImportSql, result, cancellationToken).ConfigureAwait(false);");
                    }

                    writer.Line();
                    using (writer.Block("if (transaction is not null)"))
                    {
                        writer.Line("await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);");
                    }

                    writer.Line();
                    writer.Line("return imported;");
                }

                using (writer.Block("finally"))
                {
                    using (writer.Block("if (transaction is not null)"))
                    {
                        writer.Line("await transaction.DisposeAsync().ConfigureAwait(false);");
                    }
                }
            });
        }

        writer.Line();
        WriteImportRows(writer, plan, perChild);
    }

    /// <summary>
    /// One binary COPY of checked rows into one target (of the rows at <c>indexes</c>, when rows go per child);
    /// disposing an unfinished importer cancels the COPY.
    /// </summary>
    private static void WriteImportRows(SourceWriter writer, RepositoryPlan plan, bool perChild)
    {
        var rows = plan.Table.FullyQualifiedType + "[] rows" + (perChild ? ", int[] indexes" : "");
        using (writer.Block("private static async global::System.Threading.Tasks.Task<long> ImportRowsAsync(global::Npgsql.NpgsqlConnection connection, string copySql, " + rows + ", global::System.Threading.CancellationToken cancellationToken)"))
        {
            // A rolling child maintenance has not made yet is a PgxPartitionException naming it, as on the insert path.
            var begin = RollingRoutes.Computed(plan) is null ? "connection.BeginBinaryImportAsync(" : "global::Pgx.PgxRepositoryConnection.BeginBinaryImportAsync(connection, ";
            writer.Line("var importer = await " + begin + "copySql, cancellationToken).ConfigureAwait(false);");
            using (writer.Block("try"))
            {
                using (writer.Block(perChild ? "foreach (var index in indexes)" : "foreach (var row in rows)"))
                {
                    if (perChild)
                    {
                        writer.Line("var row = rows[index];");
                    }

                    writer.Line("await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);");
                    foreach (var column in Columns(plan))
                    {
                        writer.Line("await " + ColumnCode.ImporterWrite(column, "importer", "row." + CSharpNames.Identifier(column.PropertyName), "cancellationToken") + ".ConfigureAwait(false);");
                    }
                }

                writer.Line();
                writer.Line("return checked((long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false));");
            }

            using (writer.Block("finally"))
            {
                writer.Line("await importer.DisposeAsync().ConfigureAwait(false);");
            }
        }
    }
}
