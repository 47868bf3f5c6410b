using System.Collections.Generic;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// The pass over a batch's rows that every batch method makes before the database is touched — <c>InsertManyAsync</c>,
/// <c>ImportAsync</c>, <c>UpsertManyAsync</c> and <c>DeleteManyAsync</c>: the rows into <c>result[0..count)</c>, each
/// checked (not null, values their columns can hold, a partition that takes it), its partition into
/// <c>partitions[count]</c> where the method sends rows per partition; a collection that changes while it is read
/// throws; an empty batch returns early. The methods differ only in what <see cref="RowPass"/> says.
/// </summary>
internal static class RepositoryRowPass
{
    /// <summary>Writes the pass, then a blank line; afterwards <c>result</c>, <c>count</c> and maybe <c>partitions</c> are in scope.</summary>
    public static void Write(SourceWriter writer, RepositoryPlan plan, RowPass pass)
    {
        var type = plan.Table.FullyQualifiedType;
        var changed = "throw new global::System.ArgumentException(\"The collection changed while it was read.\", nameof(rows));";
        using (writer.Block("if (rows is null)"))
        {
            writer.Line("throw new global::System.ArgumentNullException(nameof(rows));");
        }

        writer.Line();
        var source = "rows";
        if (pass.AnyEnumerable)
        {
            // A lazy sequence is read once, into a list; a collection is read as it is.
            writer.Line("var collected = rows as global::System.Collections.Generic.IReadOnlyCollection<" + type + "> ?? new global::System.Collections.Generic.List<" + type + ">(rows);");
            source = "collected";
        }

        writer.Line("var result = new " + type + "[" + source + ".Count];");
        if (pass.KeepsPartitions)
        {
            writer.Line("var partitions = new int[result.Length];");
        }

        // Skipping rows, count trails the rows read; otherwise they are the same number.
        var read = pass.SkipsUnroutable ? "seen" : "count";
        writer.Line("var count = 0;");
        if (pass.SkipsUnroutable)
        {
            writer.Line("var seen = 0;");
        }

        using (writer.Block("foreach (var row in " + source + ")"))
        {
            using (writer.Block(pass.SkipsUnroutable ? "if (seen++ == result.Length)" : "if (count == result.Length)"))
            {
                writer.Line(changed);
            }

            writer.Line();
            if (!plan.Table.IsValueType)
            {
                using (writer.Block("if (row is null)"))
                {
                    writer.Line("throw new global::System.ArgumentException(\"Row \" + " + (pass.SkipsUnroutable ? "(seen - 1)" : "count") + " + \" is null.\", nameof(rows));");
                }

                writer.Line();
            }

            RepositoryWrites.WriteRowChecks(writer, plan, pass.Checked, "row", pass.KeepsPartitions, pass.SkipsUnroutable ? "continue;" : null);
            if (pass.KeepsPartitions)
            {
                writer.Line("partitions[count] = partition;");
            }

            writer.Line("result[count++] = row;");
        }

        writer.Line();
        using (writer.Block("if (" + read + " != result.Length)"))
        {
            writer.Line(changed);
        }

        writer.Line();
        using (writer.Block("if (count == 0)"))
        {
            writer.Line("return " + pass.Empty + ";");
        }

        writer.Line();
        if (pass.KeepsPartitions && pass.SkipsUnroutable)
        {
            writer.Line("global::System.Array.Resize(ref partitions, count);");
            writer.Line();
        }
    }
}

/// <summary>What one batch method's row pass does (see <see cref="RepositoryRowPass"/>).</summary>
/// <param name="Checked">The columns whose values are checked (those the method sends).</param>
/// <param name="KeepsPartitions">Whether each row's partition is kept in <c>partitions</c>: the method writes per partition.</param>
/// <param name="SkipsUnroutable">Whether a row no partition holds is left out (there is no such row to delete) instead of throwing.</param>
/// <param name="AnyEnumerable">Whether <c>rows</c> is any sequence (read once) rather than a collection.</param>
/// <param name="Empty">What an empty batch returns.</param>
internal sealed record RowPass(IReadOnlyList<ColumnSpec> Checked, bool KeepsPartitions, bool SkipsUnroutable, bool AnyEnumerable, string Empty);
