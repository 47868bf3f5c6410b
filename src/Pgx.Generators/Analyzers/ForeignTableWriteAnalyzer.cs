using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Parsing.Sql;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// PGX0104: <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>, <c>TRUNCATE</c> or <c>COPY … FROM</c> into a foreign
/// table declared read-only, wherever the SQL reaches PostgreSQL. postgres_fdw carries such a write to the remote
/// database: it fails there with the remote role's permission error, or, worse, succeeds.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignTableWriteAnalyzer : SqlRuleAnalyzer
{
    // Every write starts with one of these words; SQL without any of them is not parsed.
    private static readonly string[] WriteWords = { "insert", "update", "delete", "merge", "truncate", "copy" };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.WriteToReadOnlyForeignTable,
        Descriptors.InternalError);

    /// <inheritdoc/>
    internal override void Analyze(OperationAnalysisContext context, SqlCallSite site)
    {
        if (!MentionsAny(site.Sql, WriteWords))
        {
            return;
        }

        KnownTables? tables = null;
        HashSet<KnownForeignTable>? reported = null;
        foreach (var statement in SqlDocument.Parse(site.Sql).Statements)
        {
            foreach (var reference in statement.Tables)
            {
                if (Verb(reference.Role) is not { } verb)
                {
                    continue;
                }

                tables ??= KnownTables.Of(context.Compilation, context.CancellationToken);
                if (tables.FindForeign(reference.Name) is { IsReadOnly: true } table && (reported ??= new HashSet<KnownForeignTable>()).Add(table))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.WriteToReadOnlyForeignTable, site.Expression.Syntax.GetLocation(), verb, table.Qualified, table.Origin));
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

    /// <summary>Whether <paramref name="sql"/> contains any of <paramref name="words"/>, in any case: a cheap test before parsing.</summary>
    internal static bool MentionsAny(string sql, string[] words)
    {
        foreach (var word in words)
        {
            if (sql.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
