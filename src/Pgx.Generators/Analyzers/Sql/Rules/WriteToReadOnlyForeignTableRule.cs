using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0104: <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>, <c>TRUNCATE</c> or <c>COPY … FROM</c> into a foreign
/// table declared read-only. postgres_fdw carries such a write to the remote database: it fails there with the
/// remote role's permission error, or, worse, succeeds.
/// </summary>
internal sealed class WriteToReadOnlyForeignTableRule : SqlRule
{
    // Every write starts with one of these words.
    private static readonly string[] WriteWords = { "insert", "update", "delete", "merge", "truncate", "copy" };

    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.WriteToReadOnlyForeignTable;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => !tables.HasNoForeignTables && MentionsAny(sql, WriteWords);

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        HashSet<KnownForeignTable>? reported = null;
        foreach (var statement in site.Document.Statements)
        {
            foreach (var reference in statement.Tables)
            {
                if (Verb(reference.Role) is { } verb
                    && site.Tables.FindForeign(reference.Name) is { IsReadOnly: true } table
                    && (reported ??= new HashSet<KnownForeignTable>()).Add(table))
                {
                    site.Report(Descriptor, verb, table.Qualified, table.Origin);
                }
            }
        }
    }

    /// <summary>The statement that writes through a table used this way, or null when the use only reads.</summary>
    private static string? Verb(SqlTableRole role) => role switch
    {
        SqlTableRole.InsertTarget => "INSERT",
        SqlTableRole.UpdateTarget => "UPDATE",
        SqlTableRole.DeleteTarget => "DELETE",
        SqlTableRole.MergeTarget => "MERGE",
        SqlTableRole.TruncateTarget => "TRUNCATE",
        SqlTableRole.CopyFrom => "COPY … FROM",
        _ => null,
    };
}
