namespace Pgx.Generators.Sql;

/// <summary>What a <see cref="SqlToken"/> is, in PostgreSQL's lexical terms.</summary>
internal enum SqlTokenKind
{
    /// <summary>A bare word: a keyword or an unquoted identifier. Its value is folded to lower case, as PostgreSQL folds it.</summary>
    Word,

    /// <summary><c>"Name"</c> or <c>U&amp;"…"</c>: its value is the name exactly, <c>""</c> unescaped.</summary>
    QuotedIdentifier,

    /// <summary><c>'…'</c>, <c>E'…'</c>, <c>B'…'</c>, <c>X'…'</c>, <c>N'…'</c>, <c>U&amp;'…'</c>: its value is the content, escapes resolved.</summary>
    String,

    /// <summary><c>$tag$…$tag$</c>: its value is the body.</summary>
    DollarString,

    /// <summary>An integer or decimal number, <c>1e10</c>, <c>0x1F</c>, <c>1_000</c>.</summary>
    Number,

    /// <summary>A parameter placeholder: <c>$1</c>, <c>@name</c> (Npgsql, Dapper) or <c>:name</c>.</summary>
    Parameter,

    /// <summary>An operator such as <c>=</c>, <c>&lt;&gt;</c>, <c>@&gt;</c>, <c>||</c>.</summary>
    Operator,

    /// <summary><c>::</c>.</summary>
    Cast,

    /// <summary><c>(</c>.</summary>
    OpenParen,

    /// <summary><c>)</c>.</summary>
    CloseParen,

    /// <summary><c>[</c>.</summary>
    OpenBracket,

    /// <summary><c>]</c>.</summary>
    CloseBracket,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>;</c>: ends a statement.</summary>
    Semicolon,

    /// <summary><c>.</c>.</summary>
    Dot,

    /// <summary>A lone <c>:</c> (array slices).</summary>
    Colon,

    /// <summary><c>-- …</c> to the end of the line.</summary>
    LineComment,

    /// <summary><c>/* … */</c>, nested as PostgreSQL nests them.</summary>
    BlockComment,

    /// <summary>A character PostgreSQL would reject; kept so no input is ever lost.</summary>
    Unknown,
}

/// <summary>
/// One token of PostgreSQL SQL: its kind, where it is in the text, and its value (see <see cref="SqlTokenKind"/>).
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Start">Its first character in the SQL text.</param>
/// <param name="Length">Its length in characters, quotes and delimiters included.</param>
/// <param name="Value">Words folded to lower case, quoted identifiers and strings unescaped, otherwise the text.</param>
/// <param name="IsTerminated">False for a string, quoted identifier or comment that the text ends inside.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, string Value, bool IsTerminated = true)
{
    /// <summary>The character after the token.</summary>
    public int End => Start + Length;

    /// <summary>Whether the token is the bare keyword <paramref name="lowerCaseWord"/> (quoted names never are).</summary>
    public bool IsWord(string lowerCaseWord) => Kind == SqlTokenKind.Word && Value == lowerCaseWord;

    /// <summary>Whether the token can be (part of) a name: a bare word or a quoted identifier.</summary>
    public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    /// <summary>Whether the token is a comment.</summary>
    public bool IsComment => Kind is SqlTokenKind.LineComment or SqlTokenKind.BlockComment;
}
