using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>InsertAsync</c> (one statement, one round trip, the key from <c>nextval()</c> inside it) and
/// <c>InsertManyAsync</c> (validate everything, all keys in one round trip, binary COPY per target — for trigger
/// routing, children with a small share get one batched <c>INSERT … SELECT FROM unnest</c> each instead, and so does
/// every target while row-level security applies, which COPY refuses, and every target that postgres_fdw writes (a
/// foreign table, a table with foreign partitions), which batches an INSERT but not a COPY — one transaction).
/// </summary>
internal static class RepositoryWrites
{
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string CancellationToken = "global::System.Threading.CancellationToken";

    /// <summary>Writes <c>InsertAsync</c>.</summary>
    public static void WriteInsert(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var sequence = plan.SequenceColumn;
        writer.Line("/// <summary>");
        writer.Lines("/// Inserts <paramref name=\"row\"/> in one statement and one round trip" + RoutingSentence(plan) + (sequence is null ? "." : ","));
        if (plan.Foreign is not null)
        {
            writer.Line("/// postgres_fdw runs it on the remote table; every column is sent, so the row is stored as given.");
        }

        if (sequence is not null)
        {
            writer.Line("/// and returns it with its key: <c>" + sequence.PropertyName + "</c> comes from <c>nextval(" + RepositoryEmitter.Xml(SqlText.Literal(plan.Table.Sequence!.QualifiedSequence())) + ")</c> inside the statement.");
        }

        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"row\">The row" + (sequence is null ? "" : "; its <c>" + sequence.PropertyName + "</c> is ignored") + ".</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the insert.</param>");
        writer.Line(sequence is null
            ? "/// <returns><paramref name=\"row\"/>, as stored.</returns>"
            : "/// <returns><paramref name=\"row\"/> with the <c>" + sequence.PropertyName + "</c> it was stored under.</returns>");
        WritePartitionExceptionDoc(writer, plan, "the database is touched");
        WriteValueExceptionDoc(writer, plan, plan.InsertParameters, "the database is touched", reads: false);
        using (writer.Block("public async " + Task + "<" + type + "> InsertAsync(" + type + " row, " + CancellationToken + " cancellationToken = default)"))
        {
            WriteNullCheck(writer, plan, "row");
            WriteRowChecks(writer, plan, plan.InsertParameters, "row");
            if (RepositoryShards.Applies(plan))
            {
                RepositoryShards.WriteInsertBranch(writer, plan);
            }

            var statement = plan.ChecksPartitionOnInsert && plan.Table.IsTriggerRouted ? "InsertSql[partition]" : "InsertSql";

            WriteLeased(writer, () =>
            {
                writer.Line("using var command = _db.CreateCommand(connection, " + statement + ");");
                foreach (var column in plan.InsertParameters)
                {
                    writer.Line("command.Parameters.Add(" + ColumnCode.Parameter(column, "row." + CSharpNames.Identifier(column.PropertyName)) + ");");
                }

                if (sequence is null)
                {
                    writer.Line("await _db.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);");
                    writer.Line("return row;");
                }
                else
                {
                    writer.Line("var key = await _db.QuerySingleAsync(command, ReadKey, null, cancellationToken).ConfigureAwait(false)");
                    writer.Line("    ?? throw new global::System.InvalidOperationException(\"The INSERT into \" + TableName + \" returned no row.\");");
                    writer.Line("return row with { " + CSharpNames.Identifier(sequence.PropertyName) + " = key };");
                }
            });
        }
    }

    /// <summary>
    /// Writes <c>UpdateAsync</c>: every column but the key, of the row with the key, returning the row as stored
    /// (foreign tables only; postgres_fdw sends the <c>RETURNING</c> list to the remote server).
    /// </summary>
    public static void WriteUpdate(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        writer.Line("/// <summary>");
        writer.Line("/// Updates the row with <paramref name=\"row\"/>'s key to <paramref name=\"row\"/>'s values, in one statement and");
        writer.Line("/// one round trip" + (plan.Foreign is null ? "." : " (postgres_fdw runs it on the remote table and returns the row as the remote table stored it)."));
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"row\">The row.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the update.</param>");
        writer.Line("/// <returns>The row as stored, or <see langword=\"null\"/> when no row has that key.</returns>");
        WriteValueExceptionDoc(writer, plan, plan.UpdateParameters, "the database is touched", reads: true);
        using (writer.Block("public async " + Task + "<" + type + "?> UpdateAsync(" + type + " row, " + CancellationToken + " cancellationToken = default)"))
        {
            WriteNullCheck(writer, plan, "row");
            WriteRowChecks(writer, plan, plan.UpdateParameters, "row");
            WriteLeased(writer, () =>
            {
                writer.Line("using var command = _db.CreateCommand(connection, UpdateSql);");
                foreach (var column in plan.UpdateParameters)
                {
                    writer.Line("command.Parameters.Add(" + ColumnCode.Parameter(column, "row." + CSharpNames.Identifier(column.PropertyName)) + ");");
                }

                writer.Line("return await _db.QuerySingleAsync(command, ReadFound, null, cancellationToken).ConfigureAwait(false);");
            });
        }
    }

    /// <summary>Writes <c>InsertManyAsync</c>.</summary>
    public static void WriteInsertMany(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var sequence = plan.SequenceColumn;
        var perChild = plan.Table.IsTriggerRouted;
        writer.Line("/// <summary>");
        writer.Line("/// Inserts <paramref name=\"rows\"/> all or nothing, in one transaction: every row is checked before the");
        writer.Line("/// database is touched" + (sequence is null ? "" : ", the keys of all rows come from one <c>nextval()</c> round trip") + ", and the rows");
        if (perChild)
        {
            writer.Line("/// go to their child tables: one binary COPY for each child that receives at least");
            writer.Line("/// <see cref=\"global::Pgx.PgxRepositoryConnection.MinRowsForCopy\"/> of them, and for the others one");
            writer.Line("/// <c>INSERT … SELECT * FROM unnest(…)</c> each, all sent in one round trip. While row-level security");
            writer.Line("/// applies to the current user, which PostgreSQL's COPY refuses, every child gets the INSERT.");
        }
        else if (!plan.InsertsManyThroughFdw)
        {
            writer.Line("/// go to <c>" + RepositoryEmitter.Xml(plan.Table.Qualified()) + "</c> by one binary COPY, or, while row-level security applies");
            writer.Line("/// to the current user (PostgreSQL's COPY refuses it), by one <c>INSERT … SELECT * FROM unnest(…)</c>.");
        }
        else
        {
            writer.Line("/// go to <c>" + RepositoryEmitter.Xml(plan.Table.Qualified()) + "</c> by one <c>INSERT … SELECT * FROM unnest(…)</c>, which postgres_fdw");
            writer.Line("/// sends to " + (plan.Foreign is null ? "the partitions on other servers" : "the remote table") + " in batches of the server's <c>batch_size</c> (a COPY would go one row per remote");
            writer.Line("/// statement before PostgreSQL 16), inside a remote transaction that commits with the local one.");
        }

        writer.Line("/// Built with a caller's transaction, the batch runs in it and is committed only by the caller; a batch");
        writer.Line("/// that fails there leaves that transaction aborted, to be rolled back by the caller.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"rows\">The rows" + (sequence is null ? "" : "; their <c>" + sequence.PropertyName + "</c> is ignored") + ".</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the batch; nothing is stored.</param>");
        writer.Line("/// <returns>The rows in input order" + (sequence is null ? ", as stored" : ", each with the <c>" + sequence.PropertyName + "</c> it was stored under") + ".</returns>");
        WritePartitionExceptionDoc(writer, plan, "anything is stored");
        WriteValueExceptionDoc(writer, plan, plan.Columns, "anything is stored", reads: false);
        using (writer.Block("public async " + Task + "<global::System.Collections.Generic.IReadOnlyList<" + type + ">> InsertManyAsync(global::System.Collections.Generic.IReadOnlyCollection<" + type + "> rows, " + CancellationToken + " cancellationToken = default)"))
        {
            var direct = RepositoryShards.Applies(plan);
            RepositoryRowPass.Write(writer, plan, new RowPass(plan.Columns, KeepsPartitions: perChild || direct, SkipsUnroutable: false, AnyEnumerable: false, Empty: "result"));
            if (direct)
            {
                RepositoryShards.WriteInsertManyBranch(writer, plan);
            }

            WriteLeased(writer, () =>
            {
                writer.Line("var transaction = await _db.BeginBatchAsync(connection, cancellationToken).ConfigureAwait(false);");
                using (writer.Block("try"))
                {
                    if (sequence is not null)
                    {
                        writer.Line("var keys = await _db.NextValuesAsync(connection, NextValuesSql, count, cancellationToken).ConfigureAwait(false);");
                        using (writer.Block("for (var i = 0; i < count; i++)"))
                        {
                            writer.Line("result[i] = result[i] with { " + CSharpNames.Identifier(sequence.PropertyName) + " = " + KeyValue(sequence, "keys[i]") + " };");
                        }

                        writer.Line();
                    }

                    if (perChild)
                    {
                        writer.Line("var rowsByPartition = global::Pgx.PgxRepositoryConnection.RowsByPartition(partitions, CopySql.Length);");
                        writer.Line("var minRowsForCopy = await _db.MinRowsForCopyAsync(connection, TableName, rowsByPartition, cancellationToken).ConfigureAwait(false);");
                        WriteUnnestBatch(writer, plan);
                        writer.Line();
                        using (writer.Block("for (var partition = 0; partition < rowsByPartition.Length; partition++)"))
                        {
                            using (writer.Block("if (rowsByPartition[partition].Length >= minRowsForCopy)"))
                            {
                                WriteCopy(writer, plan, "CopySql[partition]", "rowsByPartition[partition]", indexed: true);
                            }
                        }
                    }
                    else if (plan.InsertsManyThroughFdw)
                    {
                        WriteUnnestInsert(writer, plan);
                    }
                    else
                    {
                        // PostgreSQL refuses COPY FROM into a table whose row-level security applies to the current user.
                        using (writer.Block("if (await _db.RowSecurityAppliesAsync(connection, TableName, cancellationToken).ConfigureAwait(false))"))
                        {
                            WriteUnnestInsert(writer, plan);
                        }

                        using (writer.Block("else"))
                        {
                            WriteCopy(writer, plan, "CopySql", "result", indexed: false);
                        }
                    }

                    writer.Line();
                    using (writer.Block("if (transaction is not null)"))
                    {
                        writer.Line("await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);");
                    }
                }

                using (writer.Block("finally"))
                {
                    using (writer.Block("if (transaction is not null)"))
                    {
                        writer.Line("await transaction.DisposeAsync().ConfigureAwait(false);");
                    }
                }
            });
            writer.Line();
            writer.Line("return result;");
        }
    }

    /// <summary>The whole batch as one <c>INSERT … SELECT * FROM unnest(…)</c> into the parent, one typed array per column.</summary>
    private static void WriteUnnestInsert(SourceWriter writer, RepositoryPlan plan)
    {
        WriteColumnArrays(writer, plan, "count", "result[i]");
        writer.Line("using var command = _db.CreateCommand(connection, InsertManySql);");
        WriteArrayParameters(writer, plan, "command");
        writer.Line("await _db.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);");
    }

    /// <summary>
    /// The children that receive fewer than <c>MinRowsForCopy</c> rows: one <c>INSERT … SELECT * FROM unnest(…)</c>
    /// each, with one typed array parameter per column, all sent (prepared) in one round trip.
    /// </summary>
    private static void WriteUnnestBatch(SourceWriter writer, RepositoryPlan plan)
    {
        writer.Line("var batch = _db.CreateBatch(connection);");
        using (writer.Block("try"))
        {
            using (writer.Block("for (var partition = 0; partition < rowsByPartition.Length; partition++)"))
            {
                writer.Line("var indexes = rowsByPartition[partition];");
                using (writer.Block("if (indexes.Length == 0 || indexes.Length >= minRowsForCopy)"))
                {
                    writer.Line("continue;");
                }

                writer.Line();
                WriteColumnArrays(writer, plan, "indexes.Length", "result[indexes[i]]");
                writer.Line("var command = new global::Npgsql.NpgsqlBatchCommand(InsertManySql[partition]);");
                WriteArrayParameters(writer, plan, "command");
                writer.Line("batch.BatchCommands.Add(command);");
            }

            writer.Line();
            using (writer.Block("if (batch.BatchCommands.Count > 0)"))
            {
                writer.Line("await _db.ExecuteAsync(batch, cancellationToken).ConfigureAwait(false);");
            }
        }

        using (writer.Block("finally"))
        {
            writer.Line("await batch.DisposeAsync().ConfigureAwait(false);");
        }
    }

    /// <summary>
    /// One typed array per column (<c>values0</c> …) of <paramref name="count"/> rows, row <c>i</c> being
    /// <paramref name="row"/>, for the parameters of an <c>INSERT … SELECT * FROM unnest(…)</c>. Ends with a blank line.
    /// </summary>
    internal static void WriteColumnArrays(SourceWriter writer, RepositoryPlan plan, string count, string row, System.Collections.Generic.IReadOnlyList<ColumnSpec>? only = null)
    {
        var columns = only ?? plan.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            var element = ColumnCode.WriteType(columns[c]);
            writer.Line(element + "[] values" + RepositoryPlan.Number(c) + " = new " + ArrayOf(element, count) + ";");
        }

        using (writer.Block("for (var i = 0; i < " + count + "; i++)"))
        {
            writer.Line("var row = " + row + ";");
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                writer.Line("values" + RepositoryPlan.Number(c) + "[i] = " + ColumnCode.WriteValue(column, "row." + CSharpNames.Identifier(column.PropertyName)) + ";");
            }
        }

        writer.Line();
    }

    /// <summary>Adds the arrays of <see cref="WriteColumnArrays"/> to <paramref name="command"/>, one parameter each.</summary>
    internal static void WriteArrayParameters(SourceWriter writer, RepositoryPlan plan, string command, System.Collections.Generic.IReadOnlyList<ColumnSpec>? only = null)
    {
        var columns = only ?? plan.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            writer.Line(command + ".Parameters.Add(" + ColumnCode.ArrayParameter(columns[c], "values" + RepositoryPlan.Number(c)) + ");");
        }
    }

    /// <summary>
    /// <c>T[n]</c>, also for array element types: <c>byte[]</c> and <c>byte[]?</c> → <c>byte[n][]</c> (assigned to a
    /// <c>byte[]?[]</c> local where the element is nullable).
    /// </summary>
    private static string ArrayOf(string elementType, string length)
    {
        var bracket = elementType.IndexOf('[');
        if (bracket < 0)
        {
            return elementType + "[" + length + "]";
        }

        var rank = elementType.Substring(bracket).TrimEnd('?');
        return elementType.Substring(0, bracket) + "[" + length + "]" + rank;
    }

    /// <summary>One binary COPY of the rows in <paramref name="source"/> (row indexes when <paramref name="indexed"/>).</summary>
    internal static void WriteCopy(SourceWriter writer, RepositoryPlan plan, string statement, string source, bool indexed, string? lastField = null)
    {
        // A trigger-routed rolling set's COPY names a child that may not exist: the runtime turns 42P01 into the
        // PgxPartitionException the statements throw.
        var begin = RollingRoutes.Computed(plan) is null ? "connection.BeginBinaryImportAsync(" : "global::Pgx.PgxRepositoryConnection.BeginBinaryImportAsync(connection, ";
        writer.Line("var importer = await " + begin + statement + ", cancellationToken).ConfigureAwait(false);");
        using (writer.Block("try"))
        {
            using (writer.Block(indexed ? "foreach (var index in " + source + ")" : "foreach (var row in " + source + ")"))
            {
                if (indexed)
                {
                    writer.Line("var row = result[index];");
                }

                writer.Line("await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);");
                foreach (var column in plan.Columns)
                {
                    writer.Line("await " + ColumnCode.ImporterWrite(column, "importer", "row." + CSharpNames.Identifier(column.PropertyName), "cancellationToken") + ".ConfigureAwait(false);");
                }

                if (lastField is not null)
                {
                    writer.Line(lastField);
                }
            }

            writer.Line();
            writer.Line("await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);");
        }

        using (writer.Block("finally"))
        {
            // Disposing an importer that did not complete cancels the COPY: nothing of it is stored.
            writer.Line("await importer.DisposeAsync().ConfigureAwait(false);");
        }
    }

    /// <summary>Opens a connection, runs <paramref name="body"/>, and always releases the connection.</summary>
    internal static void WriteLeased(SourceWriter writer, System.Action body)
    {
        writer.Line("var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);");
        using (writer.Block("try"))
        {
            body();
        }

        using (writer.Block("finally"))
        {
            writer.Line("await _db.ReleaseAsync(connection).ConfigureAwait(false);");
        }
    }

    private static void WriteNullCheck(SourceWriter writer, RepositoryPlan plan, string parameter)
    {
        if (plan.Table.IsValueType)
        {
            return;
        }

        using (writer.Block("if (" + parameter + " is null)"))
        {
            writer.Line("throw new global::System.ArgumentNullException(nameof(" + parameter + "));");
        }

        writer.Line();
    }

    /// <summary>
    /// What is checked of a row before the database is touched, each followed by a blank line: every value its
    /// column cannot hold (<see cref="WriteValueChecks"/>), then the partition —
    /// <c>var partition = PartitionOf(row.P); if (partition &lt; 0) throw new PgxPartitionException(…);</c> —
    /// computed from the value PostgreSQL will store (<see cref="StoredPartitionKey"/>). The partition is computed where
    /// inserts need it (<see cref="RepositoryPlan.ChecksPartitionOnInsert"/>), or, with <paramref name="routesEveryRow"/>,
    /// wherever generated code can; <paramref name="onUnroutable"/> replaces the throw for a value no partition holds.
    /// </summary>
    internal static void WriteRowChecks(SourceWriter writer, RepositoryPlan plan, System.Collections.Generic.IEnumerable<ColumnSpec> columns, string row, bool routesEveryRow = false, string? onUnroutable = null)
    {
        if (WriteValueChecks(writer, columns, c => row + "." + CSharpNames.Identifier(c.PropertyName)))
        {
            writer.Line();
        }

        if (plan.PartitionColumn is not { } key || !plan.IsRouted)
        {
            return;
        }

        var value = row + "." + CSharpNames.Identifier(key.PropertyName);
        var stored = StoredPartitionKey.Of(key, value);
        if (plan.ChecksPartitionOnInsert || routesEveryRow)
        {
            writer.Line("var partition = " + HashRoutes.Call(plan, (stored ?? value)) + ";");
            using (writer.Block("if (partition < 0)"))
            {
                writer.Line(onUnroutable ?? "throw new global::Pgx.PgxPartitionException(TableName, " + CSharpNames.Literal(key.ColumnName) + ", " + value + ");");
            }

            writer.Line();
        }
        else if (StoredPartitionKey.CanFail(key))
        {
            // No partition to pick (PostgreSQL routes, a default partition takes the rest), but a value the
            // column cannot hold still fails here rather than half way through a batch.
            writer.Line("_ = " + stored + ";");
            writer.Line();
        }
    }

    /// <summary>
    /// <c>_ = (short)PgxValues.ToColumn(…);</c> for each column whose write is range-checked (an enum in a narrower
    /// integer column), so that a value the column cannot hold throws before any I/O. Returns whether it wrote any.
    /// </summary>
    internal static bool WriteValueChecks(SourceWriter writer, System.Collections.Generic.IEnumerable<ColumnSpec> columns, System.Func<ColumnSpec, string> expression)
    {
        var wrote = false;
        foreach (var column in columns.Where(c => c.Kind == ClrKind.Enum && EnumStorage.NarrowsOnWrite(c)))
        {
            writer.Line("_ = " + ColumnCode.WriteValue(column, expression(column)) + ";");
            wrote = true;
        }

        return wrote;
    }

    /// <summary>
    /// <c>&lt;exception cref="PgxValueOutOfRangeException"&gt;</c> naming the columns whose values are checked before
    /// <paramref name="before"/> (<paramref name="written"/>, plus a partition key that can overflow), and, when
    /// <paramref name="reads"/>, those whose stored numbers are checked on read. Nothing when none are.
    /// </summary>
    internal static void WriteValueExceptionDoc(SourceWriter writer, RepositoryPlan plan, System.Collections.Generic.IEnumerable<ColumnSpec> written, string before, bool reads)
    {
        var checkedWrites = written.Where(c => c.Kind == ClrKind.Enum && EnumStorage.NarrowsOnWrite(c))
            .Concat(plan.IsRouted && plan.PartitionColumn is { } key && StoredPartitionKey.CanFail(key) ? new[] { key } : System.Array.Empty<ColumnSpec>())
            .Select(c => "<c>" + c.PropertyName + "</c>").Distinct().ToList();
        var checkedReads = reads ? plan.Columns.Where(c => c.Kind == ClrKind.Enum && EnumStorage.NarrowsOnRead(c)).Select(c => "<c>" + c.PropertyName + "</c>").ToList() : new System.Collections.Generic.List<string>();
        var parts = new System.Collections.Generic.List<string>();
        if (checkedWrites.Count > 0)
        {
            parts.Add("A value of " + string.Join(" or ", checkedWrites) + " that its column cannot hold; thrown before " + before);
        }

        if (checkedReads.Count > 0)
        {
            parts.Add((parts.Count == 0 ? "A" : "or a") + " stored number that " + string.Join(" or ", checkedReads) + " cannot hold");
        }

        if (parts.Count > 0)
        {
            writer.Line("/// <exception cref=\"global::Pgx.PgxValueOutOfRangeException\">" + string.Join(", ", parts) + ".</exception>");
        }
    }

    internal static void WritePartitionExceptionDoc(SourceWriter writer, RepositoryPlan plan, string before)
    {
        if (plan.IsRouted && !plan.RoutesEveryValue)
        {
            writer.Line("/// <exception cref=\"global::Pgx.PgxPartitionException\">No partition accepts a row's <c>" + plan.PartitionColumn!.PropertyName + "</c>; thrown before " + before + ".</exception>");
        }
    }

    private static string RoutingSentence(RepositoryPlan plan) =>
        plan.Table.IsTriggerRouted
            ? ", straight into the child table its\n/// <c>" + plan.PartitionColumn!.PropertyName + "</c> selects (the routing trigger never runs)"
            : "";

    /// <summary>A sequence value (<c>long</c>) as the key's type.</summary>
    private static string KeyValue(ColumnSpec sequence, string value) => sequence.Kind switch
    {
        ClrKind.Int16 => "checked((short)" + value + ")",
        ClrKind.Int32 => "checked((int)" + value + ")",
        _ => value,
    };
}
