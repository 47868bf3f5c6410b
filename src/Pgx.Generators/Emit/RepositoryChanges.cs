using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>UpdateAsync</c>, <c>MoveAsync</c>, <c>DeleteAsync</c> and <c>UpsertAsync</c> of a local table: each one
/// statement and one round trip into the partition that holds the row (<see cref="RepositoryChangeSql"/>), chosen in
/// C# before any I/O, in the caller's transaction when the repository has one.
/// </summary>
internal static class RepositoryChanges
{
    private const string CancellationToken = "global::System.Threading.CancellationToken";

    // Locals of DeleteAsync and MoveAsync that parameter names must not take.
    private static readonly string[] Locals = { "cancellationToken", "partition", "previousPartition", "connection", "command", "row", "partitionKey", "shards", "server", "shardConnection", "shardCommand" };

    /// <summary>Whether the table gets these methods: a local table (a writable foreign table has its own UpdateAsync).</summary>
    public static bool Applies(RepositoryPlan plan) => plan.Foreign is null && plan.WritesRows && plan.Finds;

    /// <summary>Whether the table gets <c>MoveAsync</c>: it is partitioned.</summary>
    public static bool Moves(RepositoryPlan plan) => Applies(plan) && plan.PartitionColumn is not null;

    /// <summary>Writes the statement fields of these methods.</summary>
    public static void WriteStatements(SourceWriter writer, RepositoryPlan plan)
    {
        RepositoryEmitter.WriteRoutedStatements(writer, plan, "UpdateSql", plan.FindTargets, plan.IsRouted, t => RepositoryChangeSql.UpdateSql(plan, t));
        if (Moves(plan))
        {
            if (plan.Table.IsTriggerRouted)
            {
                RepositoryEmitter.WriteRoutedStatements(writer, plan, "MoveSql", plan.FindTargets, true, t => RepositoryChangeSql.MoveSql(plan, t));
                RepositoryEmitter.WriteRoutedStatements(writer, plan, "MoveOutSql", plan.FindTargets, true, t => RepositoryChangeSql.MoveOutSql(plan, t));
                RepositoryEmitter.WriteRoutedStatements(writer, plan, "MoveInSql", plan.FindTargets, true, t => RepositoryChangeSql.MoveInSql(plan, t));
            }
            else
            {
                RepositoryEmitter.WriteStatementArray(writer, "MoveSql", new[] { RepositoryChangeSql.MoveSql(plan, plan.Table.Qualified()) }, false);
            }
        }

        RepositoryEmitter.WriteRoutedStatements(writer, plan, "DeleteSql", plan.FindTargets, plan.IsRouted, t => RepositoryChangeSql.DeleteSql(plan, t));
        RepositoryEmitter.WriteRoutedStatements(writer, plan, "UpsertSql", plan.FindTargets, plan.IsRouted, t => RepositoryChangeSql.UpsertSql(plan, t));
    }

    /// <summary>Writes <c>UpdateAsync</c>.</summary>
    public static void WriteUpdate(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        writer.Line("/// <summary>");
        writer.Line("/// Updates the stored row with <paramref name=\"row\"/>'s key" + (plan.PartitionColumn is { } key && !key.IsKey ? " and <c>" + key.PropertyName + "</c>" : "") + " to <paramref name=\"row\"/>'s values, in one");
        writer.Lines("/// statement and one round trip" + Where(plan) + ". To change the partition key, use " + (Moves(plan) ? "<see cref=\"MoveAsync\"/>." : "a new row."));
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"row\">The row, with its key.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the update.</param>");
        writer.Line("/// <returns>The row as stored, or <see langword=\"null\"/> when there is no such row.</returns>");
        WritePartitionExceptionDoc(writer, plan, "row's");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.Columns, "the database is touched", reads: true);
        using (writer.Block("public async global::System.Threading.Tasks.Task<" + type + "?> UpdateAsync(" + type + " row, " + CancellationToken + " cancellationToken = default)"))
        {
            var partitionKey = WriteRowChecks(writer, plan);
            var set = RepositoryChangeSql.UpdatedColumns(plan);
            if (RepositoryShards.Applies(plan))
            {
                var columns = plan.FindColumns.Concat(set).ToList();
                RepositoryShards.WriteRowBranch(writer, "UpdateSql[partition]", columns.Select(c => (c, Value(plan, c, partitionKey))), "row." + CSharpNames.Identifier(plan.PartitionColumn!.PropertyName), returnsRow: true);
            }

            WriteQuery(writer, plan, plan.IsRouted ? "UpdateSql[partition]" : "UpdateSql", plan.FindColumns.Concat(set).Select(c => Value(plan, c, partitionKey)), plan.FindColumns.Concat(set), orThrow: null);
        }
    }

    /// <summary>Writes <c>MoveAsync</c>: the row with a new partition key, found by its previous one.</summary>
    public static void WriteMove(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var key = plan.PartitionColumn!;
        var previous = CSharpNames.Parameters(new[] { "Previous" + key.PropertyName }, Locals.Concat(new[] { "row" }).ToList())[0];
        writer.Line("/// <summary>");
        writer.Line("/// Moves the stored row with <paramref name=\"row\"/>'s key and <c>" + key.PropertyName + "</c> = <paramref name=\"" + previous.TrimStart('@') + "\"/> to <paramref name=\"row\"/>'s");
        writer.Line("/// values, its new <c>" + key.PropertyName + "</c> included, keeping its key, in one statement and one round trip.");
        if (plan.Table.IsTriggerRouted)
        {
            writer.Line("/// Between children the statement deletes the row from the previous child and inserts it into the one the new");
            writer.Line("/// <c>" + key.PropertyName + "</c> selects (a plain <c>UPDATE</c> would fail the child's CHECK); both happen or neither.");
        }
        else
        {
            writer.Line("/// It updates through the partitioned table, and PostgreSQL moves the row to its new partition.");
        }

        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"row\">The row, with its key and its new <c>" + key.PropertyName + "</c>.</param>");
        writer.Line("/// <param name=\"" + previous.TrimStart('@') + "\">The <c>" + key.PropertyName + "</c> the row is stored with now.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the move.</param>");
        writer.Line("/// <returns>The row as stored, or <see langword=\"null\"/> when there is no such row.</returns>");
        WritePartitionExceptionDoc(writer, plan, "row's new");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.Columns, "the database is touched", reads: true);
        using (writer.Block("public async global::System.Threading.Tasks.Task<" + type + "?> MoveAsync(" + type + " row, " + key.ClrType + " " + previous + ", " + CancellationToken + " cancellationToken = default)"))
        {
            var partitionKey = WriteRowChecks(writer, plan);
            var statement = "MoveSql";
            if (StoredPartitionKey.Of(key, previous) is { } stored)
            {
                writer.Line(previous + " = " + stored + ";");
                writer.Line();
            }

            if (plan.IsRouted)
            {
                writer.Line("var previousPartition = " + HashRoutes.Call(plan, previous) + ";");
                using (writer.Block("if (previousPartition < 0)"))
                {
                    writer.Line("return null;");
                }

                writer.Line();
                if (plan.Table.IsTriggerRouted)
                {
                    statement = "partition == previousPartition ? MoveSql[partition] : MoveOutSql[previousPartition] + MoveInSql[partition]";
                }
            }

            var moved = RepositoryChangeSql.MovedColumns(plan);
            var values = plan.FindColumns.Select(c => c == key ? previous : Value(plan, c, partitionKey)).Concat(moved.Select(c => Value(plan, c, partitionKey)));
            WriteQuery(writer, plan, statement, values, plan.FindColumns.Concat(moved), orThrow: null);
        }
    }

    /// <summary>Writes <c>DeleteAsync</c>.</summary>
    public static void WriteDelete(SourceWriter writer, RepositoryPlan plan)
    {
        var parameters = CSharpNames.Parameters(plan.FindColumns.Select(c => c.PropertyName), Locals);
        writer.Line("/// <summary>");
        writer.Lines("/// Deletes the row with the given key, in one statement and one round trip" + Where(plan) + ".");
        writer.Line("/// </summary>");
        RepositoryReads.WriteKeyParameterDocs(writer, plan, parameters);
        writer.Line("/// <param name=\"cancellationToken\">Cancels the delete.</param>");
        writer.Line("/// <returns>Whether there was such a row.</returns>");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.FindColumns, "the database is touched", reads: false);
        var signature = string.Join(", ", plan.FindColumns.Select((c, i) => c.ClrType + " " + parameters[i]));
        using (writer.Block("public async global::System.Threading.Tasks.Task<bool> DeleteAsync(" + signature + ", " + CancellationToken + " cancellationToken = default)"))
        {
            var findColumns = plan.FindColumns.ToList();
            if (RepositoryWrites.WriteValueChecks(writer, findColumns, c => parameters[findColumns.IndexOf(c)]))
            {
                writer.Line();
            }

            if (plan.PartitionColumn is { } key)
            {
                var parameter = parameters[findColumns.IndexOf(key)];
                if (StoredPartitionKey.Of(key, parameter) is { } stored)
                {
                    // The row holds what PostgreSQL stored for the value it was written with: look for that.
                    writer.Line(parameter + " = " + stored + ";");
                }

                if (plan.IsRouted)
                {
                    writer.Line("var partition = " + HashRoutes.Call(plan, parameter) + ";");
                    using (writer.Block("if (partition < 0)"))
                    {
                        writer.Line("return false;");
                    }
                }

                writer.Line();
                if (RepositoryShards.Applies(plan))
                {
                    RepositoryShards.WriteRowBranch(writer, "DeleteSql[partition]", findColumns.Select((c, i) => (c, parameters[i])), parameter, returnsRow: false);
                }
            }

            RepositoryWrites.WriteLeased(writer, () =>
            {
                writer.Line("using var command = _db.CreateCommand(connection, " + (plan.IsRouted ? "DeleteSql[partition]" : "DeleteSql") + ");");
                for (var i = 0; i < parameters.Count; i++)
                {
                    writer.Line("command.Parameters.Add(" + ColumnCode.Parameter(plan.FindColumns[i], parameters[i]) + ");");
                }

                writer.Line("return await _db.ExecuteAsync(command, cancellationToken).ConfigureAwait(false) > 0;");
            });
        }
    }

    /// <summary>Writes <c>UpsertAsync</c>.</summary>
    public static void WriteUpsert(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var sequence = plan.SequenceColumn;
        writer.Line("/// <summary>");
        writer.Line("/// Inserts <paramref name=\"row\"/>, or updates the stored row with its key, in one statement");
        writer.Lines("/// (<c>INSERT … ON CONFLICT … DO UPDATE</c>) and one round trip" + Where(plan) + ".");
        if (plan.Table.IsTriggerRouted)
        {
            writer.Line("/// The statement names the child, where the conflict clause applies (on the parent it never would).");
            writer.Line("/// A row stored in another child, under another <c>" + plan.PartitionColumn!.PropertyName + "</c>, is not found: use <see cref=\"MoveAsync\"/> to change it.");
        }

        if (sequence is not null)
        {
            writer.Line("/// <c>" + sequence.PropertyName + "</c> = 0 inserts the row under a new key from <c>nextval(" + RepositoryEmitter.Xml(Sql.SqlText.Literal(plan.Table.Sequence!.QualifiedSequence())) + ")</c>.");
        }

        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"row\">The row.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the upsert.</param>");
        writer.Line("/// <returns>The row as stored" + (sequence is null ? "" : ", with its key") + ".</returns>");
        WritePartitionExceptionDoc(writer, plan, "row's");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.Columns, "the database is touched", reads: true);
        using (writer.Block("public async global::System.Threading.Tasks.Task<" + type + "> UpsertAsync(" + type + " row, " + CancellationToken + " cancellationToken = default)"))
        {
            var partitionKey = WriteRowChecks(writer, plan);
            WriteQuery(writer, plan, plan.IsRouted ? "UpsertSql[partition]" : "UpsertSql", plan.Columns.Select(c => Value(plan, c, partitionKey)), plan.Columns, orThrow: "The upsert into ");
        }
    }

    /// <summary>
    /// The row checks before any I/O: null, values their columns cannot hold, and (when generated code computes
    /// partitions) <c>var partition = PartitionOf(…)</c>, throwing <see cref="T:Pgx.PgxPartitionException"/> as inserts do.
    /// Returns the local holding the stored partition key, when it differs from the row's.
    /// </summary>
    private static string? WriteRowChecks(SourceWriter writer, RepositoryPlan plan)
    {
        if (!plan.Table.IsValueType)
        {
            using (writer.Block("if (row is null)"))
            {
                writer.Line("throw new global::System.ArgumentNullException(nameof(row));");
            }

            writer.Line();
        }

        if (RepositoryWrites.WriteValueChecks(writer, plan.Columns, c => "row." + CSharpNames.Identifier(c.PropertyName)))
        {
            writer.Line();
        }

        if (plan.PartitionColumn is not { } key)
        {
            return null;
        }

        var value = "row." + CSharpNames.Identifier(key.PropertyName);
        string? local = null;
        if (StoredPartitionKey.Of(key, value) is { } stored)
        {
            // What PostgreSQL stores, and so what the row is found by and routed on.
            writer.Line("var partitionKey = " + stored + ";");
            local = "partitionKey";
        }

        if (plan.IsRouted)
        {
            writer.Line("var partition = " + HashRoutes.Call(plan, (local ?? value)) + ";");
            using (writer.Block("if (partition < 0)"))
            {
                writer.Line("throw new global::Pgx.PgxPartitionException(TableName, " + CSharpNames.Literal(key.ColumnName) + ", " + value + ");");
            }
        }

        writer.Line();
        return local;
    }

    /// <summary>Runs the statement with one parameter per value and returns the row it returns (or null, or throws).</summary>
    private static void WriteQuery(SourceWriter writer, RepositoryPlan plan, string statement, IEnumerable<string> values, IEnumerable<ColumnSpec> columns, string? orThrow)
    {
        RepositoryWrites.WriteLeased(writer, () =>
        {
            writer.Line("using var command = _db.CreateCommand(connection, " + statement + ");");
            foreach (var (column, value) in columns.Zip(values, (c, v) => (c, v)))
            {
                writer.Line("command.Parameters.Add(" + ColumnCode.Parameter(column, value) + ");");
            }

            if (orThrow is null)
            {
                writer.Line("return await _db.QuerySingleAsync(command, ReadFound, null, cancellationToken).ConfigureAwait(false);");
            }
            else
            {
                writer.Line("return await _db.QuerySingleAsync(command, ReadFound, null, cancellationToken).ConfigureAwait(false)");
                writer.Line("    ?? throw new global::System.InvalidOperationException(" + CSharpNames.Literal(orThrow) + " + TableName + \" returned no row.\");");
            }
        });
    }

    private static string Value(RepositoryPlan plan, ColumnSpec column, string? partitionKey) =>
        column == plan.PartitionColumn && partitionKey is not null ? partitionKey : "row." + CSharpNames.Identifier(column.PropertyName);

    private static string Where(RepositoryPlan plan)
    {
        if (plan.PartitionColumn is not { } key)
        {
            return "";
        }

        if (!plan.IsRouted)
        {
            return ": the <c>" + key.PropertyName + "</c> condition lets PostgreSQL prune every other partition";
        }

        return plan.Table.IsTriggerRouted
            ? ", in the child table\n/// its <c>" + key.PropertyName + "</c> selects"
            : ", in the partition\n/// its <c>" + key.PropertyName + "</c> selects";
    }

    private static void WritePartitionExceptionDoc(SourceWriter writer, RepositoryPlan plan, string whose)
    {
        if (plan.IsRouted && !plan.RoutesEveryValue && plan.PartitionColumn is { } key)
        {
            writer.Line("/// <exception cref=\"global::Pgx.PgxPartitionException\">No partition accepts the " + whose + " <c>" + key.PropertyName + "</c>; thrown before the database is touched.</exception>");
        }
    }
}
