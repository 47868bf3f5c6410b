using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0108: an <c>INSERT … ON CONFLICT</c> into a table with partitions on other servers. The parent can have no
/// unique index (PostgreSQL refuses one when a partition is foreign), so a conflict target infers nothing, and
/// postgres_fdw refuses <c>DO UPDATE</c>. A bare <c>ON CONFLICT DO NOTHING</c> works and is left alone.
/// </summary>
internal sealed class OnConflictIntoForeignPartitionsRule : SqlRule
{
    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.OnConflictIntoForeignPartitions;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => MentionsAny(sql, "conflict");

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        foreach (var insert in site.Document.Statements.SelectMany(s => s.Inserts))
        {
            if (insert.HasOnConflict
                && !IsBareDoNothing(site.Document, insert.OnConflictToken)
                && site.Tables.Find(insert.Target.Name) is { Spec.Partitioning: { HasForeignPartitions: true } partitioning } table)
            {
                var remote = partitioning.Partitions.First(p => p.Server is not null);
                site.Report(Descriptor, table.Qualified, SqlText.Qualified(table.Schema, remote.Name), SqlText.Identifier(remote.Server!));
            }
        }
    }

    /// <summary>Whether the clause at <paramref name="on"/> is <c>ON CONFLICT DO NOTHING</c>, with no conflict target.</summary>
    private static bool IsBareDoNothing(SqlDocument document, int on)
    {
        var words = document.Tokens.Skip(on + 1).Where(t => !t.IsComment).Take(3).ToList();
        return words.Count == 3 && words[0].IsWord("conflict") && words[1].IsWord("do") && words[2].IsWord("nothing");
    }
}
