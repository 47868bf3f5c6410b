using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// Direct-to-shard members of the repository of a LIST/RANGE/HASH table with partitions on other servers (a HASH
/// table's partition is computed with PostgreSQL's hash, see <see cref="HashRoutes"/>): a constructor
/// that takes <c>Pgx.PgxShardConnections</c>, and <c>InsertAsync</c>/<c>FindAsync</c> branches that run a row whose
/// partition is on another server on that server itself (the table there has the partition's name), with a key from a
/// block of the coordinator's sequence, unless <c>ThroughCoordinator</c> is set.
/// </summary>
internal static class RepositoryShards
{
    private const string Shards = "global::Pgx.PgxShardConnections";

    /// <summary>Whether the table gets direct-to-shard members: it is routed in generated code (a HASH table when its key type hashes in C#).</summary>
    public static bool Applies(RepositoryPlan plan) =>
        plan.IsRouted && !plan.Table.IsTriggerRouted && plan.Foreign is null && plan.WritesRows && plan.SequenceColumn is not null
        && plan.Table.Partitioning is { HasForeignPartitions: true } && plan.Routes.Count == plan.FindTargets.Count;

    /// <summary>The server of each route (null: local), the shard statements and the field.</summary>
    public static void WriteFields(SourceWriter writer, RepositoryPlan plan)
    {
        writer.Line("private static readonly string?[] ShardOf = { " + string.Join(", ", plan.Routes.Select(r => r.Partition?.Server is { } s ? CSharpNames.Literal(s) : "null")) + " };");
        RepositoryEmitter.WriteStatementArray(writer, "ShardInsertSql", plan.FindTargets.Select(t => "INSERT INTO " + t + " (" + SqlText.IdentifierList(plan.Columns.Select(c => c.ColumnName)) + ") VALUES (" + string.Join(", ", plan.Columns.Select((_, i) => "$" + RepositoryPlan.Number(i + 1))) + ")").ToList(), perPartition: true);
        writer.Line("private static readonly string[] ShardPartitionNames = { " + string.Join(", ", plan.FindTargets.Select(CSharpNames.Literal)) + " };");
        writer.Line("private const string SequenceName = " + CSharpNames.Literal(plan.Table.Sequence!.QualifiedSequence()) + ";");
        writer.Line("private readonly " + Shards + "? _shards;");
        writer.Line();
    }

    /// <summary>The constructor that takes the shard connections.</summary>
    public static void WriteConstructor(SourceWriter writer, RepositoryPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Creates a repository that inserts and finds a row whose partition is on another server on that server");
        writer.Line("/// directly (one hop), and everything else on <paramref name=\"dataSource\"/>, the coordinator.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"dataSource\">The coordinator.</param>");
        writer.Line("/// <param name=\"shards\">The servers' connections; <c>ThroughCoordinator</c> sends everything through the coordinator.</param>");
        writer.Line("public " + plan.ClassName + "(global::Npgsql.NpgsqlDataSource dataSource, " + Shards + " shards)");
        writer.Line("    : this(dataSource) => _shards = shards ?? throw new global::System.ArgumentNullException(nameof(shards));");
        writer.Line();
    }

    /// <summary>In <c>InsertAsync</c>, after the row checks: the direct branch.</summary>
    public static void WriteInsertBranch(SourceWriter writer, RepositoryPlan plan)
    {
        var value = "row." + CSharpNames.Identifier(plan.PartitionColumn!.PropertyName);
        value = StoredPartitionKey.Of(plan.PartitionColumn!, value) ?? value; // route by what PostgreSQL would store
        using (writer.Block("if (_shards is { ThroughCoordinator: false } shards && PartitionOf(" + value + ") is int shardPartition && shardPartition >= 0 && ShardOf[shardPartition] is { } server)"))
        {
            writer.Line("return await InsertOnShardAsync(shards, server, shardPartition, row, cancellationToken).ConfigureAwait(false);");
        }

        writer.Line();
    }

    /// <summary>In <c>FindAsync</c>, after the partition is known: the direct branch.</summary>
    public static void WriteFindBranch(SourceWriter writer, RepositoryPlan plan, System.Collections.Generic.IReadOnlyList<string> parameters, string partitionParameter)
    {
        using (writer.Block("if (_shards is { ThroughCoordinator: false } shards && ShardOf[partition] is { } server)"))
        {
            writer.Line("await using var shardConnection = await shards.OpenAsync(server, " + CSharpNames.Literal(plan.Table.Qualified()) + ", ShardPartitionNames[partition], " + partitionParameter + ", cancellationToken).ConfigureAwait(false);");
            writer.Line("await using var shardCommand = new global::Npgsql.NpgsqlCommand(FindSql[partition], shardConnection);");
            for (var i = 0; i < parameters.Count; i++)
            {
                writer.Line("shardCommand.Parameters.Add(" + ColumnCode.Parameter(plan.FindColumns[i], parameters[i]) + ");");
            }

            writer.Line("await using var reader = await shardCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);");
            writer.Line("return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader) : null;");
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
