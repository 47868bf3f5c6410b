using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0106: foreign tables of two different servers read together in one query level — <c>JOIN</c>, a comma in
/// <c>FROM</c>, <c>UPDATE … FROM</c>, <c>DELETE … USING</c>. postgres_fdw pushes a join down only when every table in
/// it is on one server; across servers, each table is fetched on its own and the rows are joined locally. Tables
/// in different query levels (a subquery) are not a join here: that is the rewrite the message suggests.
/// </summary>
internal sealed class JoinAcrossForeignServersRule : SqlRule
{
    // Two tables in one query level need one of these (UPDATE … FROM for "update").
    private static readonly string[] JoinMarks = { "join", ",", "using", "update" };

    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.JoinAcrossForeignServers;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => !tables.HasNoForeignTables && MentionsAny(sql, JoinMarks);

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        HashSet<(KnownForeignTable, KnownForeignTable)>? reported = null;
        foreach (var statement in site.Document.Statements)
        {
            // The first foreign table of each scope, and the first one after it on another server.
            var firstByScope = new Dictionary<int, KnownForeignTable>();
            foreach (var reference in statement.Tables)
            {
                if (!IsRead(reference.Role) || site.Tables.FindForeign(reference.Name) is not { } table)
                {
                    continue;
                }

                if (!firstByScope.TryGetValue(reference.Scope, out var first))
                {
                    firstByScope[reference.Scope] = table;
                }
                else if (!string.Equals(first.Server, table.Server, StringComparison.Ordinal) && (reported ??= new()).Add((first, table)))
                {
                    site.Report(Descriptor, first.Qualified, first.Server, table.Qualified, table.Server);
                }
            }
        }
    }

    /// <summary>Whether a table used this way is read together with the other tables of its query level.</summary>
    private static bool IsRead(SqlTableRole role) =>
        role is SqlTableRole.From or SqlTableRole.Join or SqlTableRole.UpdateTarget or SqlTableRole.DeleteTarget or SqlTableRole.Using;
}
