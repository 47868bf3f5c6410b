using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>FindAsync</c> (reads only the partition that can hold the row), the partition map as C#
/// (<c>PartitionOf</c>), and row construction from a reader (<c>ReadRow</c>).
/// </summary>
internal static class RepositoryReads
{
    // Locals of FindAsync that parameter names must not take.
    private static readonly string[] FindLocals = { "cancellationToken", "partition", "connection", "command", "shards", "server", "shardConnection", "shardCommand", "reader" };

    /// <summary>Writes <c>FindAsync</c>.</summary>
    public static void WriteFind(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        var parameters = CSharpNames.Parameters(plan.FindColumns.Select(c => c.PropertyName), FindLocals);
        writer.Line("/// <summary>");
        writer.Line("/// The row with the given key, or <see langword=\"null\"/>.");
        writer.Lines("/// " + ReadsWhat(plan));
        writer.Line("/// </summary>");
        WriteKeyParameterDocs(writer, plan, parameters);
        writer.Line("/// <param name=\"cancellationToken\">Cancels the lookup.</param>");
        writer.Line("/// <returns>The row, or <see langword=\"null\"/> when there is none.</returns>");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, plan.FindColumns, "the database is touched", reads: true);
        var signature = string.Join(", ", plan.FindColumns.Select((c, i) => c.ClrType + " " + parameters[i]));
        using (writer.Block("public async global::System.Threading.Tasks.Task<" + type + "?> FindAsync(" + signature + ", global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            var statement = "FindSql";
            var findColumns = plan.FindColumns.ToList();
            if (RepositoryWrites.WriteValueChecks(writer, findColumns, c => parameters[findColumns.IndexOf(c)]))
            {
                writer.Line();
            }

            if (plan.IsRouted)
            {
                var partitionParameter = parameters[findColumns.IndexOf(plan.PartitionColumn!)];
                if (StoredPartitionKey.Of(plan.PartitionColumn!, partitionParameter) is { } stored)
                {
                    // The row holds what PostgreSQL stored for the value it was inserted with: look for that.
                    writer.Line(partitionParameter + " = " + stored + ";");
                }

                writer.Line("var partition = " + HashRoutes.Call(plan, partitionParameter) + ";");
                using (writer.Block("if (partition < 0)"))
                {
                    writer.Line("return null;");
                }

                writer.Line();
                if (RepositoryShards.Applies(plan))
                {
                    RepositoryShards.WriteFindBranch(writer, plan, parameters, partitionParameter);
                }

                statement = "FindSql[partition]";
            }

            RepositoryWrites.WriteLeased(writer, () =>
            {
                writer.Line("using var command = _db.CreateCommand(connection, " + statement + ");");
                for (var i = 0; i < parameters.Count; i++)
                {
                    writer.Line("command.Parameters.Add(" + ColumnCode.Parameter(plan.FindColumns[i], parameters[i]) + ");");
                }

                var read = "return await _db.QuerySingleAsync(command, ReadFound, null, cancellationToken).ConfigureAwait(false);";
                if (RollingRoutes.Computed(plan) is { } rolling)
                {
                    rolling.WriteFindInChild(writer, read);
                }
                else
                {
                    writer.Line(read);
                }
            });
        }
    }

    /// <summary>The <c>&lt;param&gt;</c> docs of the key and partition-key parameters (<see cref="RepositoryPlan.FindColumns"/>).</summary>
    internal static void WriteKeyParameterDocs(SourceWriter writer, RepositoryPlan plan, IReadOnlyList<string> parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var column = plan.FindColumns[i];
            var role = column == plan.PartitionColumn && !column.IsKey ? "The partition key, <c>" : "The key, <c>";
            writer.Line("/// <param name=\"" + parameters[i].TrimStart('@') + "\">" + role + column.PropertyName + "</c>.</param>");
        }
    }

    /// <summary>
    /// Writes <c>QueryAsync(FormattableString condition)</c>: the rows that meet a condition the caller writes as an
    /// interpolated string, whose holes become parameters. A plain string does not convert to
    /// <see cref="System.FormattableString"/>, so a value cannot be pasted into the SQL by accident.
    /// </summary>
    public static void WriteQuery(SourceWriter writer, RepositoryPlan plan)
    {
        var type = plan.Table.FullyQualifiedType;
        writer.Line("/// <summary>");
        writer.Line("/// The rows that meet <paramref name=\"condition\"/>, the SQL after <c>WHERE</c> (ORDER BY and LIMIT may follow), written");
        writer.Line("/// as an interpolated string whose holes become parameters: <c>QueryAsync($\"company_id = {companyId} ORDER BY id\")</c>.");
        writer.Line("/// A plain string does not convert, so a value cannot be pasted into the SQL by accident.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"condition\">The condition, with values as interpolation holes.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the query.</param>");
        writer.Line("/// <returns>The rows.</returns>");
        RepositoryWrites.WriteValueExceptionDoc(writer, plan, System.Array.Empty<ColumnSpec>(), "", reads: true);
        using (writer.Block("public async global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<" + type + ">> QueryAsync(global::System.FormattableString condition, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            writer.Line("var (where, parameters) = global::Pgx.PgxRepositoryConnection.Condition(condition);");
            RepositoryWrites.WriteLeased(writer, () =>
            {
                writer.Line("using var command = _db.CreateCommand(connection, SelectSql + \" WHERE \" + where);");
                writer.Line("command.Parameters.AddRange(parameters);");
                writer.Line("return await _db.QueryAsync(command, ReadEach, cancellationToken).ConfigureAwait(false);");
            });
        }
    }

    /// <summary>
    /// Writes <c>PartitionOf</c>: the index of the partition that holds a partition-key value (in route order),
    /// the default partition for a value no other holds, or -1 when no partition holds it. The same map as
    /// the CHECK constraints and FOR VALUES bounds: list values by equality, ranges from inclusive to exclusive,
    /// MINVALUE/MAXVALUE open, hash partitions by PostgreSQL's hash of the value.
    /// </summary>
    public static void WritePartitionOf(SourceWriter writer, RepositoryPlan plan)
    {
        var key = plan.PartitionColumn!;
        using (writer.Block("private static int PartitionOf(" + key.ClrType + " value)"))
        {
            if (plan.Table.Partitioning is { Kind: PartitionKind.Hash } hash)
            {
                HashRoutes.WritePartitionOf(writer, hash);
                return;
            }

            for (var i = 0; i < plan.Routes.Count; i++)
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                if (plan.Routes[i].Partition is not { } partition)
                {
                    RollingRoutes.Computed(plan)?.WritePartitionOf(writer);
                    writer.Line("return " + index + ";");
                    return;
                }

                var condition = Condition(partition, key.ClrType);
                if (condition is null)
                {
                    // MINVALUE to MAXVALUE: every value; nothing after it is reachable.
                    writer.Line("return " + index + ";");
                    return;
                }

                writer.Line("if (" + condition + ") return " + index + "; // " + Describe(plan.Routes[i].Child, partition));
            }

            RollingRoutes.Computed(plan)?.WritePartitionOf(writer);
            writer.Line("return -1;");
        }
    }

    /// <summary>Writes <c>ReadRow</c>: a row from the columns of a <c>SELECT</c> in table order, typed getters only.</summary>
    public static void WriteReadRow(SourceWriter writer, RepositoryPlan plan)
    {
        var table = plan.Table;
        var columns = plan.Columns;
        var arguments = table.ConstructorParameters
            .Select(p => p.ColumnIndex >= 0 ? ColumnCode.Read(columns[p.ColumnIndex], "reader", p.ColumnIndex) : "default!")
            .ToList();

        // Properties the constructor does not set; a property neither can set (a computed one) is not read.
        var initializers = columns
            .Select((c, i) => (Column: c, Ordinal: i))
            .Where(c => c.Column.IsSetByInitializer)
            .Select(c => CSharpNames.Identifier(c.Column.PropertyName) + " = " + ColumnCode.Read(c.Column, "reader", c.Ordinal))
            .ToList();

        using (writer.Block("private static " + table.FullyQualifiedType + " ReadRow(global::Npgsql.NpgsqlDataReader reader)"))
        {
            if (initializers.Count == 0)
            {
                writer.Line("return new " + table.FullyQualifiedType + "(" + string.Join(", ", arguments) + ");");
                return;
            }

            writer.Line("return new " + table.FullyQualifiedType + (arguments.Count > 0 ? "(" + string.Join(", ", arguments) + ")" : ""));
            writer.Line("{");
            using (writer.Indent())
            {
                foreach (var initializer in initializers)
                {
                    writer.Line(initializer + ",");
                }
            }

            writer.Line("};");
        }
    }

    private static string ReadsWhat(RepositoryPlan plan)
    {
        var table = plan.Table;
        if (plan.Foreign is { } foreign)
        {
            return "One lookup by key: postgres_fdw sends it, condition included, to <c>" + RepositoryEmitter.Xml(SqlText.Identifier(foreign.Server)) + "</c> as one remote query.";
        }

        if (table.Partitioning is null)
        {
            return "One primary-key lookup.";
        }

        if (!plan.IsRouted)
        {
            return "Reads one partition: the partition-key predicate lets PostgreSQL prune every other.";
        }

        return table.IsTriggerRouted
            ? "Reads only the child table that can hold it (<c>FROM ONLY</c>), chosen in C# from the partition key;\n/// a partition key no child holds returns <see langword=\"null\"/> without a query."
            : "Reads only the partition that can hold it, chosen in C# from the partition key;\n/// a partition key no partition holds returns <see langword=\"null\"/> without a query.";
    }

    /// <summary>What a partition holds, for a comment: <c>t1: 1, 3</c>, <c>events_2026_10: 2026-10-01 to 2026-11-01</c>.</summary>
    private static string Describe(string child, PartitionSpec partition)
    {
        var text = partition.Values.IsEmpty
            ? child + ": " + partition.From?.Display + " to " + partition.To?.Display
            : child + ": " + string.Join(", ", partition.Values.Select(v => v.Display));
        return CSharpNames.CommentLine(text);
    }

    /// <summary>The C# condition a partition's values satisfy, or null when it holds every value.</summary>
    private static string? Condition(PartitionSpec partition, string keyType)
    {
        if (!partition.Values.IsEmpty)
        {
            return string.Join(" || ", partition.Values.Select(v => "value == " + PartitionLiterals.CSharp(v, keyType)));
        }

        var parts = new List<string>();
        if (partition.From is { Bound: BoundKind.Value } from)
        {
            parts.Add("value >= " + PartitionLiterals.CSharp(from, keyType));
        }

        if (partition.To is { Bound: BoundKind.Value } to)
        {
            parts.Add("value < " + PartitionLiterals.CSharp(to, keyType));
        }

        return parts.Count == 0 ? null : string.Join(" && ", parts);
    }
}
