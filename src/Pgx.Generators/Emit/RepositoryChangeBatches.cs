using System.Linq;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>UpsertManyAsync</c> (binary COPY into a temporary table, then one <c>INSERT … SELECT … ON CONFLICT</c> per
/// target) and <c>DeleteManyAsync</c> (one <c>DELETE … WHERE (key…) IN (SELECT * FROM unnest(…))</c> per target, all
/// in one round trip): the batch forms of <see cref="RepositoryChanges"/>, all or nothing.
/// </summary>
internal static class RepositoryChangeBatches
{
    private const string CancellationToken = "global::System.Threading.CancellationToken";

    /// <summary>Writes the statement fields of the batch methods.</summary>
    public static void WriteStatements(SourceWriter writer, RepositoryPlan plan)
    {
        RepositoryEmitter.WriteRoutedStatements(writer, plan, "DeleteManySql", plan.FindTargets, plan.IsRouted, t => RepositoryChangeSql.DeleteManySql(plan, t));
        writer.Line("private const string UpsertStageSql = " + CSharpNames.Literal(RepositoryChangeSql.StageSql(plan)) + ";");
        writer.Line("private const string UpsertStageCopySql = " + CSharpNames.Literal(RepositoryChangeSql.StageCopySql(plan)) + ";");
        RepositoryEmitter.WriteRoutedStatements(writer, plan, "UpsertManySql", plan.FindTargets, plan.IsRouted, t => RepositoryChangeSql.UpsertManySql(plan, t));
    }

    /// <summary>Writes <c>UpsertManyAsync</c>.</summary>
    public static void WriteUpsertMany(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var sequence = plan.SequenceColumn;
        writer.Line("/// <summary>");
        writer.Line("/// Inserts <paramref name=\"rows\"/>, or updates the stored rows with their keys, all or nothing: every row is checked");
        writer.Line("/// before the database is touched, the batch goes by one binary COPY into a temporary table, and from there one");
        writer.Line("/// <c>INSERT … SELECT … ON CONFLICT … DO UPDATE</c> for each " + (plan.IsRouted ? (plan.Table.IsTriggerRouted ? "child" : "partition") + " that receives rows" : "batch") + ".");
        if (sequence is not null)
        {
            writer.Line("/// <c>" + sequence.PropertyName + "</c> = 0 inserts the row under a new key; the new keys are not returned (use");
            writer.Line("/// <see cref=\"InsertManyAsync\"/> for rows whose keys are needed).");
        }

        writer.Line("/// A key may appear only once in a batch (PostgreSQL refuses to update a row twice in one statement).");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"rows\">The rows.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the batch; nothing is stored.</param>");
        writer.Line("/// <returns>How many rows were inserted or updated.</returns>");
        if (plan.IsRouted && !plan.RoutesEveryValue)
        {
            writer.Line("/// <exception cref=\"global::Pgx.PgxPartitionException\">No partition accepts a row's <c>" + plan.PartitionColumn!.PropertyName + "</c>; thrown before anything is stored.</exception>");
        }

        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.Columns, "anything is stored", reads: false);
        using (writer.Block("public async global::System.Threading.Tasks.Task<long> UpsertManyAsync(global::System.Collections.Generic.IReadOnlyCollection<" + type + "> rows, " + CancellationToken + " cancellationToken = default)"))
        {
            RepositoryRowPass.Write(writer, plan, new RowPass(plan.Columns, KeepsPartitions: plan.IsRouted, SkipsUnroutable: false, AnyEnumerable: false, Empty: "0"));
            RepositoryWrites.WriteLeased(writer, () =>
            {
                writer.Line("var transaction = await _db.BeginBatchAsync(connection, cancellationToken).ConfigureAwait(false);");
                using (writer.Block("try"))
                {
                    using (writer.Block("using (var stage = _db.CreateCommand(connection, UpsertStageSql))"))
                    {
                        // A utility statement: run as it is, never prepared.
                        writer.Line("await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);");
                    }

                    writer.Line();
                    var lastField = "await importer.WriteAsync<int>(" + (plan.IsRouted ? "partitions[index]" : "0") + ", global::NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);";
                    writer.Line("var all = new int[count];");
                    using (writer.Block("for (var i = 0; i < count; i++)"))
                    {
                        writer.Line("all[i] = i;");
                    }

                    writer.Line();
                    RepositoryWrites.WriteCopy(writer, plan, "UpsertStageCopySql", "all", indexed: true, lastField);
                    writer.Line();
                    writer.Line("var batch = _db.CreateBatch(connection);");
                    using (writer.Block("try"))
                    {
                        if (plan.IsRouted)
                        {
                            writer.Line("var rowsByPartition = global::Pgx.PgxRepositoryConnection.RowsByPartition(partitions, UpsertManySql.Length);");
                            using (writer.Block("for (var partition = 0; partition < rowsByPartition.Length; partition++)"))
                            {
                                using (writer.Block("if (rowsByPartition[partition].Length > 0)"))
                                {
                                    WriteUpsertCommand(writer, "UpsertManySql[partition]", "partition");
                                }
                            }
                        }
                        else
                        {
                            WriteUpsertCommand(writer, "UpsertManySql", "0");
                        }

                        // Dropped here too, not only at commit: the caller's transaction may upsert again.
                        writer.Line("batch.BatchCommands.Add(new global::Npgsql.NpgsqlBatchCommand(\"DROP TABLE " + RepositoryChangeSql.StageTable + "\"));");
                        writer.Line("var written = await _db.ExecuteUnpreparedAsync(batch, cancellationToken).ConfigureAwait(false);");
                        using (writer.Block("if (transaction is not null)"))
                        {
                            writer.Line("await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);");
                        }

                        writer.Line();
                        writer.Line("return written;");
                    }

                    using (writer.Block("finally"))
                    {
                        writer.Line("await batch.DisposeAsync().ConfigureAwait(false);");
                    }
                }

                WriteDisposeTransaction(writer);
            });
        }
    }

    /// <summary>One target's <c>INSERT … SELECT … WHERE pgx_partition = $1 ON CONFLICT …</c>, its partition number the parameter.</summary>
    private static void WriteUpsertCommand(SourceWriter writer, string statement, string partition)
    {
        writer.Line("var upsert = new global::Npgsql.NpgsqlBatchCommand(" + statement + ");");
        writer.Line("upsert.Parameters.Add(new global::Npgsql.NpgsqlParameter<int> { NpgsqlDbType = global::NpgsqlTypes.NpgsqlDbType.Integer, TypedValue = " + partition + " });");
        writer.Line("batch.BatchCommands.Add(upsert);");
    }

    /// <summary>Writes <c>DeleteManyAsync</c>.</summary>
    public static void WriteDeleteMany(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        writer.Line("/// <summary>");
        writer.Line("/// Deletes the stored rows with the keys of <paramref name=\"rows\"/>, all or nothing: one");
        writer.Line("/// <c>DELETE … WHERE (…) IN (SELECT * FROM unnest(…))</c> for each " + (plan.IsRouted ? (plan.Table.IsTriggerRouted ? "child" : "partition") + " that holds some of them" : "batch") + ", all sent in");
        writer.Line("/// one round trip. Only the key" + (plan.PartitionColumn is null ? "" : " and the partition key") + " of each row are read.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"rows\">The rows.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the batch; nothing is deleted.</param>");
        writer.Line("/// <returns>How many rows were deleted.</returns>");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.FindColumns, "the database is touched", reads: false);
        using (writer.Block("public async global::System.Threading.Tasks.Task<int> DeleteManyAsync(global::System.Collections.Generic.IReadOnlyCollection<" + type + "> rows, " + CancellationToken + " cancellationToken = default)"))
        {
            RepositoryRowPass.Write(writer, plan, new RowPass(plan.FindColumns, KeepsPartitions: plan.IsRouted, SkipsUnroutable: true, AnyEnumerable: false, Empty: "0"));
            if (RepositoryShards.Applies(plan))
            {
                RepositoryShards.WriteDeleteManyBranch(writer, plan);
            }

            RepositoryWrites.WriteLeased(writer, () =>
            {
                writer.Line("var batch = _db.CreateBatch(connection);");
                using (writer.Block("try"))
                {
                    if (plan.IsRouted)
                    {
                        writer.Line("var rowsByPartition = global::Pgx.PgxRepositoryConnection.RowsByPartition(partitions, DeleteManySql.Length);");
                        using (writer.Block("for (var partition = 0; partition < rowsByPartition.Length; partition++)"))
                        {
                            writer.Line("var indexes = rowsByPartition[partition];");
                            using (writer.Block("if (indexes.Length == 0)"))
                            {
                                writer.Line("continue;");
                            }

                            writer.Line();
                            WriteDeleteCommand(writer, plan, "indexes.Length", "result[indexes[i]]", "DeleteManySql[partition]");
                        }
                    }
                    else
                    {
                        WriteDeleteCommand(writer, plan, "count", "result[i]", "DeleteManySql");
                    }

                    writer.Line();
                    writer.Line("return await _db.ExecuteAsync(batch, cancellationToken).ConfigureAwait(false);");
                }

                using (writer.Block("finally"))
                {
                    writer.Line("await batch.DisposeAsync().ConfigureAwait(false);");
                }
            });
        }
    }

    private static void WriteDeleteCommand(SourceWriter writer, RepositoryPlan plan, string count, string row, string statement)
    {
        RepositoryWrites.WriteColumnArrays(writer, plan, count, row, plan.FindColumns);
        writer.Line("var command = new global::Npgsql.NpgsqlBatchCommand(" + statement + ");");
        RepositoryWrites.WriteArrayParameters(writer, plan, "command", plan.FindColumns);
        writer.Line("batch.BatchCommands.Add(command);");
    }

    private static void WriteDisposeTransaction(SourceWriter writer)
    {
        using (writer.Block("finally"))
        {
            using (writer.Block("if (transaction is not null)"))
            {
                writer.Line("await transaction.DisposeAsync().ConfigureAwait(false);");
            }
        }
    }
}
