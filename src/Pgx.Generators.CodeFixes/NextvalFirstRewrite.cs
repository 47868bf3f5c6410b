using System;
using System.Linq;
using Pgx.Generators.Sql;

namespace Pgx.Generators.CodeFixes;

/// <summary>
/// Rewrites <c>INSERT INTO t (cols) VALUES (vals) RETURNING key</c> so the key comes from the sequence first,
/// in the same single statement:
/// <code>
/// WITH pgx_key AS (SELECT nextval('public.t_id_seq') AS id),
///      pgx_insert AS (INSERT INTO t (id, cols) SELECT pgx_key.id, vals FROM pgx_key)
/// SELECT id FROM pgx_key
/// </code>
/// The WITH query that calls nextval is volatile, so PostgreSQL evaluates it once; the data-modifying WITH query
/// always runs to completion; the outer SELECT returns the key RETURNING could not.
/// </summary>
internal static class NextvalFirstRewrite
{
    /// <summary>
    /// The rewritten SQL, or null when <paramref name="sql"/> is not one single-row
    /// <c>INSERT … (columns) VALUES (…) RETURNING column</c> (what the rewrite cannot prove equivalent, it leaves alone).
    /// </summary>
    /// <param name="sql">The SQL that PGX0101 flagged.</param>
    /// <param name="table">The table, as SQL (the diagnostic's Table property).</param>
    /// <param name="keyColumn">The column the table's sequence feeds, or empty when unknown.</param>
    /// <param name="sequence">The sequence, as SQL, or empty: then the column's owned sequence is looked up at run time.</param>
    public static string? TryRewrite(string sql, string table, string keyColumn, string sequence)
    {
        var document = SqlDocument.Parse(sql);
        if (document.Statements.Length != 1 || document.Statements[0].Inserts.Length != 1)
        {
            return null;
        }

        var statement = document.Statements[0];
        var insert = statement.Inserts[0];
        var tokens = document.Tokens;
        if (insert.InsertToken != statement.FirstToken || !insert.HasReturning || insert.ColumnListOpen < 0
            || insert.ValuesRows.Length != 1 || insert.ValuesToken != insert.ColumnListClose + 1
            || insert.ValuesRows[0].Open != insert.ValuesToken + 1 || insert.EndToken != statement.EndToken)
        {
            return null;
        }

        var (rowOpen, rowClose) = insert.ValuesRows[0];
        var afterRow = rowClose + 1;
        if (afterRow != insert.ReturningToken && afterRow != insert.OnConflictToken)
        {
            return null;
        }

        // RETURNING exactly one column: id, or x.id.
        var returning = insert.ReturningToken + 1;
        var returned = (statement.EndToken - returning) switch
        {
            1 when tokens[returning].IsName => tokens[returning],
            3 when tokens[returning].IsName && tokens[returning + 1].Kind == SqlTokenKind.Dot && tokens[returning + 2].IsName => tokens[returning + 2],
            _ => default(SqlToken?),
        };
        if (returned is not { } column || keyColumn.Length > 0 && column.Value != keyColumn)
        {
            return null;
        }

        var key = SqlText.Identifier(column.Value);
        var columns = Split(document, insert.ColumnListOpen, insert.ColumnListClose);
        var values = Split(document, rowOpen, rowClose);
        if (columns.Length != values.Length || columns.Concat(values).Any(item => item.Trim().Length == 0))
        {
            return null;
        }

        // The key already listed: only a DEFAULT value can be replaced by the sequence's.
        var keyIndex = Array.FindIndex(columns, c => SqlName.Parse(c) is { Schema: null } name && name.Name == column.Value);
        if (keyIndex >= 0 && !values[keyIndex].Trim().Equals("DEFAULT", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var nextval = sequence.Length > 0
            ? "nextval(" + SqlText.Literal(sequence) + ")"
            : "nextval(pg_get_serial_sequence(" + SqlText.Literal(table) + ", " + SqlText.Literal(column.Value) + "))";

        string columnList;
        string selectList;
        if (keyIndex >= 0)
        {
            values[keyIndex] = (keyIndex == 0 ? "" : " ") + "pgx_key." + key;
            columnList = Text(sql, tokens[insert.ColumnListOpen].End, tokens[insert.ColumnListClose].Start);
            selectList = string.Join(",", values);
        }
        else
        {
            columnList = key + ", " + Text(sql, tokens[insert.ColumnListOpen].End, tokens[insert.ColumnListClose].Start);
            selectList = "pgx_key." + key + ", " + Text(sql, tokens[rowOpen].End, tokens[rowClose].Start);
        }

        // Whatever stands between the row and RETURNING (an ON CONFLICT clause) stays inside the insert.
        var between = Text(sql, tokens[rowClose].End, tokens[insert.ReturningToken].Start);
        var core = between.Trim();
        var lead = between.Substring(0, between.Length - between.TrimStart().Length);
        var trail = core.Length == 0 ? between : between.Substring(between.TrimEnd().Length);

        return Text(sql, 0, tokens[insert.InsertToken].Start)
            + "WITH pgx_key AS (SELECT " + nextval + " AS " + key + "), pgx_insert AS ("
            + Text(sql, tokens[insert.InsertToken].Start, tokens[insert.ColumnListOpen].End)
            + columnList
            + Text(sql, tokens[insert.ColumnListClose].Start, tokens[insert.ValuesToken].Start)
            + "SELECT " + selectList + " FROM pgx_key"
            + (core.Length > 0 ? lead + core : "")
            + ")" + (trail.Length > 0 ? trail : " ")
            + "SELECT " + key + " FROM pgx_key"
            + Text(sql, tokens[statement.EndToken - 1].End, sql.Length);
    }

    /// <summary>The comma-separated items between two parentheses, as written (nested parentheses kept whole).</summary>
    private static string[] Split(SqlDocument document, int open, int close)
    {
        var tokens = document.Tokens;
        var items = new System.Collections.Generic.List<string>();
        var start = tokens[open].End;
        var depth = 0;
        for (var i = open + 1; i < close; i++)
        {
            depth += tokens[i].Kind switch { SqlTokenKind.OpenParen => 1, SqlTokenKind.CloseParen => -1, _ => 0 };
            if (depth == 0 && tokens[i].Kind == SqlTokenKind.Comma)
            {
                items.Add(Text(document.Text, start, tokens[i].Start));
                start = tokens[i].End;
            }
        }

        items.Add(Text(document.Text, start, tokens[close].Start));
        return items.ToArray();
    }

    private static string Text(string sql, int start, int end) => end <= start ? "" : sql.Substring(start, end - start);
}
