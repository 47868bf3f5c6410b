using System.Collections.Generic;
using System.Collections.Immutable;

namespace Pgx.Generators.Sql;

/// <summary>How a statement uses a table it names.</summary>
internal enum SqlTableRole
{
    /// <summary><c>FROM t</c> or <c>FROM a, t</c>.</summary>
    From,

    /// <summary><c>JOIN t</c>.</summary>
    Join,

    /// <summary><c>INSERT INTO t</c>.</summary>
    InsertTarget,

    /// <summary><c>UPDATE t</c>.</summary>
    UpdateTarget,

    /// <summary><c>DELETE FROM t</c>.</summary>
    DeleteTarget,

    /// <summary><c>DELETE FROM x USING t</c>.</summary>
    Using,

    /// <summary><c>COPY t [(c…)] FROM …</c> (a <c>COPY … TO</c> only reads, and is not recorded).</summary>
    CopyFrom,

    /// <summary><c>TRUNCATE [TABLE] [ONLY] t [, …]</c>.</summary>
    TruncateTarget,

    /// <summary><c>MERGE INTO t USING …</c>.</summary>
    MergeTarget,
}

/// <summary>A table a statement names.</summary>
/// <param name="Name">The name as PostgreSQL resolves it.</param>
/// <param name="Role">How the statement uses it.</param>
/// <param name="Scope">
/// The query scope (one SELECT/UPDATE/DELETE level, one side of a UNION): tables with the same scope are read
/// together, e.g. joined. Scopes are numbered per document.
/// </param>
/// <param name="Token">The index of the name's first token in <see cref="SqlDocument.Tokens"/>.</param>
/// <param name="EndToken">The index after the name's last token.</param>
internal readonly record struct SqlTableReference(SqlName Name, SqlTableRole Role, int Scope, int Token, int EndToken);

/// <summary>One <c>INSERT</c> (a statement, or inside a <c>WITH</c>), with what the SQL rules and code fixes need about it.</summary>
/// <param name="InsertToken">The index of <c>INSERT</c>.</param>
/// <param name="Target">The table inserted into.</param>
/// <param name="ColumnListOpen">The <c>(</c> of the column list, or -1.</param>
/// <param name="ColumnListClose">The <c>)</c> of the column list, or -1.</param>
/// <param name="ValuesToken">The <c>VALUES</c> keyword, or -1 (INSERT … SELECT, DEFAULT VALUES).</param>
/// <param name="ValuesRows">The <c>(</c>/<c>)</c> token indexes of each VALUES row.</param>
/// <param name="OnConflictToken">The <c>ON</c> of <c>ON CONFLICT</c>, or -1.</param>
/// <param name="ReturningToken">The <c>RETURNING</c> keyword, or -1.</param>
/// <param name="EndToken">The index after the insert's last token (its statement's end, or the <c>)</c> of its WITH query).</param>
internal sealed record SqlInsert(
    int InsertToken,
    SqlTableReference Target,
    int ColumnListOpen,
    int ColumnListClose,
    int ValuesToken,
    ImmutableArray<(int Open, int Close)> ValuesRows,
    int OnConflictToken,
    int ReturningToken,
    int EndToken)
{
    /// <summary>Whether it has a RETURNING clause.</summary>
    public bool HasReturning => ReturningToken >= 0;

    /// <summary>Whether it has an ON CONFLICT clause.</summary>
    public bool HasOnConflict => OnConflictToken >= 0;
}

/// <summary>A <c>currval(…)</c> call compared with something in a WHERE (or a JOIN's ON) condition.</summary>
/// <param name="CallToken">The first token of the call (<c>currval</c>, or <c>pg_catalog</c>).</param>
/// <param name="CloseToken">The call's <c>)</c>.</param>
/// <param name="Tables">The tables the condition filters: the FROM/JOIN/UPDATE/DELETE/USING tables of its query scope.</param>
internal sealed record SqlCurrvalComparison(int CallToken, int CloseToken, ImmutableArray<SqlTableReference> Tables);

/// <summary>One statement: the tokens between two <c>;</c>.</summary>
/// <param name="FirstToken">The index of its first token.</param>
/// <param name="EndToken">The index after its last token (its <c>;</c> is not part of it).</param>
/// <param name="Tables">Every table it names, in order.</param>
/// <param name="Inserts">Every INSERT in it, in order.</param>
/// <param name="CurrvalComparisons">Every <c>currval()</c> compared in a filter condition.</param>
internal sealed record SqlStatement(
    int FirstToken,
    int EndToken,
    ImmutableArray<SqlTableReference> Tables,
    ImmutableArray<SqlInsert> Inserts,
    ImmutableArray<SqlCurrvalComparison> CurrvalComparisons);
