using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// Direct-to-shard members of the repository of a LIST/RANGE/HASH table with partitions on other servers (a HASH
/// table's partition is computed with PostgreSQL's hash, see <see cref="HashRoutes"/>): a constructor
/// that takes <c>Pgx.PgxShardConnections</c>, and <c>InsertAsync</c>/<c>FindAsync</c>/<c>UpdateAsync</c>/<c>DeleteAsync</c>
/// branches that run a row whose partition is on another server on that server itself (the table there has the
/// partition's name), with a key from a block of the coordinator's sequence; <c>InsertManyAsync</c>/<c>DeleteManyAsync</c>
/// branches that run a batch on the databases that hold its rows (<c>Pgx.PgxShardBatch</c>: all or nothing); all
/// unless <c>ThroughCoordinator</c> is set.
/// </summary>
internal static class RepositoryShards
{
    private const string Shards = "global::Pgx.PgxShardConnections";

    /// <summary>Whether the table gets direct-to-shard members: it is routed in generated code (a HASH table when its key type hashes in C#).</summary>
    public static bool Applies(RepositoryPlan plan) =>
        plan.IsRouted && !plan.Table.IsTriggerRouted && plan.Foreign is null && plan.WritesRows && plan.SequenceColumn is not null
        && plan.Table.Partitioning is { HasForeignPartitions: true } && plan.Routes.Count + (plan.ParentRoute is null ? 0 : 1) == plan.FindTargets.Count;

    /// <summary>The server of each route (null: local), the shard statements and the field.</summary>
    public static void WriteFields(SourceWriter writer, RepositoryPlan plan)
    {
        writer.Line("private static readonly string?[] ShardOf = { " + string.Join(", ", plan.Routes.Select(r => r.Partition?.Server is { } s ? CSharpNames.Literal(s) : "null").Concat(plan.ParentRoute is null ? Enumerable.Empty<string>() : new[] { "null" })) + " };");
        RepositoryEmitter.WriteStatementArray(writer, "ShardInsertSql", plan.FindTargets.Select(t => "INSERT INTO " + t + " (" + SqlText.IdentifierList(plan.Columns.Select(c => c.ColumnName)) + ") VALUES (" + string.Join(", ", plan.Columns.Select((_, i) => "$" + RepositoryPlan.Number(i + 1))) + ")").ToList(), perPartition: true);
        RepositoryEmitter.WriteStatementArray(writer, "ShardInsertManySql", plan.FindTargets.Select(plan.InsertManySql).ToList(), perPartition: true);
        writer.Line("private static readonly string[] ShardPartitionNames = { " + string.Join(", ", plan.FindTargets.Select(CSharpNames.Literal)) + " };");
        writer.Line("private const string SequenceName = " + CSharpNames.Literal(plan.Table.Sequence!.QualifiedSequence()) + ";");
        writer.Line("private readonly " + Shards + "? _shards;");
        writer.Line();
    }

    /// <summary>The constructor that takes the shard connections.</summary>
    public static void WriteConstructor(SourceWriter writer, RepositoryPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Creates a repository that writes and reads a row whose partition is on another server on that server");
        writer.Line("/// directly (one hop), and everything else on <paramref name=\"dataSource\"/>, the coordinator.");
        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        writer.Line("/// Direct: <c>InsertAsync</c>, <c>FindAsync</c>, <c>UpdateAsync</c> and <c>DeleteAsync</c> of such a row; <c>InsertManyAsync</c> and");
        writer.Line("/// <c>DeleteManyAsync</c> on the servers that hold the rows, all or nothing (two-phase commit when the batch spans");
        writer.Line("/// several databases that all allow prepared transactions, otherwise through the coordinator). A repository built on");
        writer.Line("/// a connection or a caller's transaction is never direct: one transaction cannot span servers.");
        writer.Line("/// </remarks>");
        writer.Line("/// <param name=\"dataSource\">The coordinator.</param>");
        writer.Line("/// <param name=\"shards\">The servers' connections; <c>ThroughCoordinator</c> sends everything through the coordinator.</param>");
        writer.Line("public " + plan.ClassName + "(global::Npgsql.NpgsqlDataSource dataSource, " + Shards + " shards)");
        writer.Line("    : this(dataSource)");
        writer.Line("{");
        using (writer.Indent())
        {
            writer.Line("_shards = shards ?? throw new global::System.ArgumentNullException(nameof(shards));");
            // Host, port and database the options leave out come from [assembly: ForeignServer], as for the apply.
            writer.Line("shards.UseDeclaredServers(global::Pgx.Generated.PgxSchema." + ForeignMembersEmitter.DefinitionField + ");");
        }

        writer.Line("}");
        writer.Line();
    }

    /// <summary>In <c>InsertAsync</c>, after the row checks: the direct branch.</summary>
    public static void WriteInsertBranch(SourceWriter writer, RepositoryPlan plan)
    {
        var value = "row." + CSharpNames.Identifier(plan.PartitionColumn!.PropertyName);
        value = StoredPartitionKey.Of(plan.PartitionColumn!, value) ?? value; // route by what PostgreSQL would store
        using (writer.Block("if (_shards is { ThroughCoordinator: false } shards && " + HashRoutes.Call(plan, value) + " is int shardPartition && shardPartition >= 0 && ShardOf[shardPartition] is { } server)"))
        {
            writer.Line("return await InsertOnShardAsync(shards, server, shardPartition, row, cancellationToken).ConfigureAwait(false);");
        }

        writer.Line();
    }

    /// <summary>In <c>FindAsync</c>, after the partition is known: the direct branch.</summary>
    public static void WriteFindBranch(SourceWriter writer, RepositoryPlan plan, System.Collections.Generic.IReadOnlyList<string> parameters, string partitionParameter) =>
        WriteRowBranch(writer, "FindSql[partition]", plan.FindColumns.Select((c, i) => (c, parameters[i])), partitionParameter, returnsRow: true);

    /// <summary>
    /// In <c>FindAsync</c>, <c>UpdateAsync</c> and <c>DeleteAsync</c>, once <c>partition</c> is known: the direct
    /// branch, which runs <paramref name="statement"/> (it names the partition, whose table on the server has the same
    /// name) there. The row stays in its partition (its partition key identifies it), so it never moves between servers.
    /// </summary>
    public static void WriteRowBranch(SourceWriter writer, string statement, System.Collections.Generic.IEnumerable<(ColumnSpec Column, string Value)> parameters, string partitionValue, bool returnsRow)
    {
        using (writer.Block("if (_shards is { ThroughCoordinator: false } shards && ShardOf[partition] is { } server)"))
        {
            writer.Line("await using var shardConnection = await shards.OpenAsync(server, TableName, ShardPartitionNames[partition], " + partitionValue + ", cancellationToken).ConfigureAwait(false);");
            writer.Line("await using var shardCommand = new global::Npgsql.NpgsqlCommand(" + statement + ", shardConnection);");
            foreach (var (column, value) in parameters)
            {
                writer.Line("shardCommand.Parameters.Add(" + ColumnCode.Parameter(column, value) + ");");
            }

            if (returnsRow)
            {
                writer.Line("await using var reader = await shardCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);");
                writer.Line("return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader) : null;");
            }
            else
            {
                writer.Line("return await shardCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;");
            }
        }

        writer.Line();
    }

    /// <summary>
    /// In <c>InsertManyAsync</c> after the row pass (<c>partitions</c> in scope): the batch straight to the databases that
    /// hold its rows, with keys reserved in one coordinator round trip, unless <c>PlanBatchAsync</c> sends it through the
    /// coordinator (all rows local, or several databases without two-phase commit).
    /// </summary>
    public static void WriteInsertManyBranch(SourceWriter writer, RepositoryPlan plan)
    {
        var sequence = plan.SequenceColumn!;
        WriteBatchBranch(writer, plan, () =>
        {
            writer.Line("var shardKeys = await shards.NextKeysAsync(SequenceName, count, ReserveKeysAsync, cancellationToken).ConfigureAwait(false);");
            using (writer.Block("for (var i = 0; i < count; i++)"))
            {
                writer.Line("result[i] = result[i] with { " + CSharpNames.Identifier(sequence.PropertyName) + " = checked((" + ClrTypeNames.NonNullable(sequence.ClrType) + ")shardKeys[i]) };");
            }

            writer.Line();
            writer.Line("await direct.RunAsync((serverConnection, serverPartition, token) => WriteOnServerAsync(serverConnection, ShardInsertManySql[serverPartition], result, shardRows[serverPartition], token), cancellationToken).ConfigureAwait(false);");
            writer.Line("return result;");
        });
    }

    /// <summary>In <c>DeleteManyAsync</c> after the row pass: the batch straight to the databases that hold its rows.</summary>
    public static void WriteDeleteManyBranch(SourceWriter writer, RepositoryPlan plan) =>
        WriteBatchBranch(writer, plan, () => writer.Line("return await direct.RunAsync((serverConnection, serverPartition, token) => DeleteOnServerAsync(serverConnection, DeleteManySql[serverPartition], result, shardRows[serverPartition], token), cancellationToken).ConfigureAwait(false);"));

    private static void WriteBatchBranch(SourceWriter writer, RepositoryPlan plan, System.Action direct)
    {
        var key = "result[index]." + CSharpNames.Identifier(plan.PartitionColumn!.PropertyName);
        using (writer.Block("if (_shards is { ThroughCoordinator: false } shards)"))
        {
            writer.Line("var shardRows = global::Pgx.PgxRepositoryConnection.RowsByPartition(partitions, ShardOf.Length);");
            writer.Line("var direct = await shards.PlanBatchAsync(_db, TableName, ShardOf, ShardPartitionNames, shardRows, index => " + key + ", cancellationToken).ConfigureAwait(false);");
            using (writer.Block("if (direct is not null)"))
            {
                direct();
            }
        }

        writer.Line();
    }

    /// <summary>
    /// <c>WriteOnServerAsync</c> and <c>DeleteOnServerAsync</c>: one partition's rows of a direct batch, as one statement
    /// with one array parameter per column, on a connection in the batch's transaction.
    /// </summary>
    public static void WriteBatchStatements(SourceWriter writer, RepositoryPlan plan)
    {
        WriteArrayStatement(writer, plan, "WriteOnServerAsync", null);
        if (RepositoryChanges.Applies(plan))
        {
            WriteArrayStatement(writer, plan, "DeleteOnServerAsync", plan.FindColumns);
        }
    }

    private static void WriteArrayStatement(SourceWriter writer, RepositoryPlan plan, string name, System.Collections.Generic.IReadOnlyList<ColumnSpec>? only)
    {
        var type = plan.Table.FullyQualifiedType;
        using (writer.Block("private static async global::System.Threading.Tasks.Task<int> " + name + "(global::Npgsql.NpgsqlConnection connection, string sql, " + type + "[] result, int[] indexes, global::System.Threading.CancellationToken cancellationToken)"))
        {
            RepositoryWrites.WriteColumnArrays(writer, plan, "indexes.Length", "result[indexes[i]]", only);
            writer.Line("await using var command = new global::Npgsql.NpgsqlCommand(sql, connection);");
            RepositoryWrites.WriteArrayParameters(writer, plan, "command", only);
            writer.Line("return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);");
        }

        writer.Line();
    }

    /// <summary><c>InsertOnShardAsync</c>: a key from the reserved block, then one INSERT on the shard.</summary>
    public static void WriteInsertOnShard(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var sequence = plan.SequenceColumn!;
        var keyType = ClrTypeNames.NonNullable(sequence.ClrType);
        using (writer.Block("private async global::System.Threading.Tasks.Task<" + type + "> InsertOnShardAsync(" + Shards + " shards, string server, int partition, " + type + " row, global::System.Threading.CancellationToken cancellationToken)"))
        {
            writer.Line("var key = await shards.NextKeyAsync(SequenceName, ReserveKeysAsync, cancellationToken).ConfigureAwait(false);");
            writer.Line("row = row with { " + CSharpNames.Identifier(sequence.PropertyName) + " = checked((" + keyType + ")key) };");
            writer.Line("await using var connection = await shards.OpenAsync(server, TableName, ShardPartitionNames[partition], row." + CSharpNames.Identifier(plan.PartitionColumn!.PropertyName) + ", cancellationToken).ConfigureAwait(false);");
            writer.Line("await using var command = new global::Npgsql.NpgsqlCommand(ShardInsertSql[partition], connection);");
            foreach (var column in plan.Columns)
            {
                writer.Line("command.Parameters.Add(" + ColumnCode.Parameter(column, "row." + CSharpNames.Identifier(column.PropertyName)) + ");");
            }

            writer.Line("await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);");
            writer.Line("return row;");
        }

        writer.Line();
        using (writer.Block("private async global::System.Threading.Tasks.Task<long[]> ReserveKeysAsync(int count, global::System.Threading.CancellationToken cancellationToken)"))
        {
            RepositoryWrites.WriteLeased(writer, () => writer.Line("return await _db.NextValuesAsync(connection, NextValuesSql, count, cancellationToken).ConfigureAwait(false);"));
        }

        writer.Line();
    }
}
