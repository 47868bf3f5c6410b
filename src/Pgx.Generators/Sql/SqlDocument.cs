using System.Collections.Generic;
using System.Collections.Immutable;

namespace Pgx.Generators.Sql;

/// <summary>
/// SQL facts: what a piece of SQL does to which tables, read from <see cref="SqlLexer"/> tokens. Not a full
/// parser: it reads the shapes the rules need (statements, INSERT targets with their column list, VALUES,
/// ON CONFLICT and RETURNING; FROM/JOIN/UPDATE/DELETE tables per query scope; COPY … FROM, TRUNCATE and MERGE
/// targets; <c>currval()</c> comparisons in WHERE) and gives up quietly on anything else. Total: never throws, bounded nesting.
/// </summary>
internal sealed class SqlDocument
{
    private SqlDocument(string text, ImmutableArray<SqlToken> tokens, ImmutableArray<SqlStatement> statements)
    {
        Text = text;
        Tokens = tokens;
        Statements = statements;
    }

    /// <summary>The SQL text.</summary>
    public string Text { get; }

    /// <summary>Its tokens, comments left out.</summary>
    public ImmutableArray<SqlToken> Tokens { get; }

    /// <summary>Its statements (empty ones left out).</summary>
    public ImmutableArray<SqlStatement> Statements { get; }

    /// <summary>The text of tokens [<paramref name="first"/>, <paramref name="end"/>).</summary>
    public string TextOf(int first, int end) =>
        end <= first ? "" : Text.Substring(Tokens[first].Start, Tokens[end - 1].End - Tokens[first].Start);

    /// <summary>Reads <paramref name="sql"/>.</summary>
    public static SqlDocument Parse(string sql)
    {
        var tokens = SqlLexer.Tokenize(sql);
        var statements = ImmutableArray.CreateBuilder<SqlStatement>();
        var reader = new StatementReader(tokens);
        var start = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            if (i == tokens.Length || tokens[i].Kind == SqlTokenKind.Semicolon)
            {
                if (i > start)
                {
                    statements.Add(reader.Read(start, i));
                }

                start = i + 1;
            }
        }

        return new SqlDocument(sql, tokens, statements.ToImmutable());
    }

    /// <summary>Walks one statement: query blocks (a statement, or a parenthesized subquery) and their scopes.</summary>
    private sealed class StatementReader
    {
        // Deeper nesting than this is not read (it is never real SQL, and recursion must stay bounded).
        private const int MaxDepth = 64;

        private static readonly HashSet<string> NotATableName = new(System.StringComparer.Ordinal)
        {
            "select", "from", "where", "join", "on", "using", "group", "order", "limit", "offset", "having", "window",
            "union", "intersect", "except", "returning", "values", "set", "inner", "left", "right", "full", "cross",
            "natural", "for", "fetch", "with", "as",
        };

        private static readonly HashSet<string> Comparisons = new(System.StringComparer.Ordinal) { "=", "<>", "!=", "<", ">", "<=", ">=" };

        private readonly ImmutableArray<SqlToken> _tokens;
        private int[] _match = System.Array.Empty<int>();
        private int _offset;
        private int _nextScope;
        private List<SqlTableReference> _tables = new();
        private List<SqlInsert> _inserts = new();
        private List<SqlCurrvalComparison> _currvals = new();

        public StatementReader(ImmutableArray<SqlToken> tokens) => _tokens = tokens;

        public SqlStatement Read(int start, int end)
        {
            _tables = new List<SqlTableReference>();
            _inserts = new List<SqlInsert>();
            _currvals = new List<SqlCurrvalComparison>();
            _match = MatchParentheses(start, end);
            ReadBlock(start, end, depth: 0);
            _inserts.Sort((a, b) => a.InsertToken.CompareTo(b.InsertToken));
            _tables.Sort((a, b) => a.Token.CompareTo(b.Token));
            _currvals.Sort((a, b) => a.CallToken.CompareTo(b.CallToken));
            return new SqlStatement(start, end, _tables.ToImmutableArray(), _inserts.ToImmutableArray(), _currvals.ToImmutableArray());
        }

        /// <summary>The index of each '(' 's matching ')' (the statement end when unbalanced), relative to the token array.</summary>
        private int[] MatchParentheses(int start, int end)
        {
            var match = new int[end - start];
            var open = new Stack<int>();
            for (var i = start; i < end; i++)
            {
                match[i - start] = -1;
                if (_tokens[i].Kind == SqlTokenKind.OpenParen)
                {
                    open.Push(i);
                }
                else if (_tokens[i].Kind == SqlTokenKind.CloseParen && open.Count > 0)
                {
                    match[open.Pop() - start] = i;
                }
            }

            while (open.Count > 0)
            {
                match[open.Pop() - start] = end;
            }

            _offset = start;
            return match;
        }

        private int Close(int open) => _match[open - _offset];

        private bool Is(int index, int end, string word) => index < end && _tokens[index].IsWord(word);

        private bool IsSubqueryStart(int index, int end) =>
            index < end && _tokens[index].Kind == SqlTokenKind.Word
            && _tokens[index].Value is "select" or "with" or "values" or "insert" or "update" or "delete" or "table";

        private sealed class Scope
        {
            public Scope(int id) => Id = id;

            public int Id { get; }

            public List<SqlTableReference> Tables { get; } = new();

            public List<(int Call, int Close)> Currvals { get; } = new();
        }

        private enum Clause
        {
            None,
            Select,
            From,
            Using,
            Where,
            JoinOn,
            Values,
            Returning,
            Other,
        }

        /// <summary>The state of one query block while its level-0 tokens are read.</summary>
        private sealed class Block
        {
            public Block(Scope scope) => Scope = scope;

            public Scope Scope { get; set; }

            public Clause Clause { get; set; }

            public bool ExpectTable { get; set; }

            public SqlTableRole Role { get; set; }

            public bool IsDelete { get; set; }

            public InsertBuilder? Insert { get; set; }
        }

        private sealed class InsertBuilder
        {
            public int InsertToken;
            public SqlTableReference Target;
            public int ColumnListOpen = -1;
            public int ColumnListClose = -1;
            public int ValuesToken = -1;
            public List<(int Open, int Close)> Rows = new();
            public int OnConflictToken = -1;
            public int ReturningToken = -1;
        }

        private void ReadBlock(int start, int end, int depth)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            var block = new Block(NewScope());
            SqlToken? previous = null;
            var i = start;
            while (i < end)
            {
                var token = _tokens[i];
                if (token.Kind == SqlTokenKind.OpenParen)
                {
                    var close = Close(i);
                    if (IsSubqueryStart(i + 1, close))
                    {
                        ReadBlock(i + 1, close, depth + 1);
                    }
                    else
                    {
                        if (block.Clause == Clause.Values && block.Insert is { } insert)
                        {
                            insert.Rows.Add((i, close));
                        }

                        ReadGroup(i + 1, close, block, depth + 1);
                    }

                    block.ExpectTable = false;
                    previous = close < end ? _tokens[close] : token;
                    i = close + 1;
                    continue;
                }

                if (block.ExpectTable && TryReadTable(i, end, block, out var afterTable))
                {
                    previous = _tokens[afterTable - 1];
                    i = afterTable;
                    continue;
                }

                if (token.Kind == SqlTokenKind.Word)
                {
                    // An unbalanced column list ends at the statement's end: never step past it.
                    var skipTo = System.Math.Min(Keyword(i, end, block, previous, depth), end);
                    if (skipTo > i)
                    {
                        previous = _tokens[skipTo - 1];
                        i = skipTo;
                        continue;
                    }

                    CheckCurrval(i, end, block);
                }
                else if (token.Kind == SqlTokenKind.Comma && block.Clause is Clause.From or Clause.Using)
                {
                    block.ExpectTable = true;
                    block.Role = block.Clause == Clause.Using ? SqlTableRole.Using : SqlTableRole.From;
                }

                previous = token;
                i++;
            }

            FinishScope(block.Scope);
            if (block.Insert is { } last)
            {
                FinishInsert(last, end);
            }
        }

        /// <summary>Tokens inside grouping parentheses: they belong to the enclosing block's current clause.</summary>
        private void ReadGroup(int start, int end, Block block, int depth)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            var i = start;
            while (i < end)
            {
                var token = _tokens[i];
                if (token.Kind == SqlTokenKind.OpenParen)
                {
                    var close = Close(i);
                    if (IsSubqueryStart(i + 1, close))
                    {
                        ReadBlock(i + 1, close, depth + 1);
                    }
                    else
                    {
                        ReadGroup(i + 1, close, block, depth + 1);
                    }

                    i = close + 1;
                    continue;
                }

                if (token.Kind == SqlTokenKind.Word)
                {
                    CheckCurrval(i, end, block);
                }

                i++;
            }
        }

        /// <summary>Handles a level-0 keyword; returns the index to continue at when it consumed tokens, else <paramref name="i"/>.</summary>
        private int Keyword(int i, int end, Block block, SqlToken? previous, int depth)
        {
            switch (_tokens[i].Value)
            {
                case "select":
                    block.Clause = Clause.Select;
                    break;
                case "from":
                    block.Clause = Clause.From;
                    block.ExpectTable = true;
                    block.Role = previous is { } p && p.IsWord("delete") ? SqlTableRole.DeleteTarget : SqlTableRole.From;
                    break;
                case "join":
                    block.Clause = Clause.From;
                    block.ExpectTable = true;
                    block.Role = SqlTableRole.Join;
                    break;
                case "where":
                    block.Clause = Clause.Where;
                    break;
                case "on" when Is(i + 1, end, "conflict"):
                    if (block.Insert is { OnConflictToken: < 0 } insert)
                    {
                        insert.OnConflictToken = i;
                    }

                    block.Clause = Clause.Other;
                    return i + 2;
                case "on":
                    block.Clause = Clause.JoinOn;
                    break;
                case "using" when block.IsDelete:
                    block.Clause = Clause.Using;
                    block.ExpectTable = true;
                    block.Role = SqlTableRole.Using;
                    break;
                case "delete":
                    block.IsDelete = true;
                    break;
                case "update" when previous is null || previous.Value.Kind == SqlTokenKind.CloseParen:
                    block.Clause = Clause.Other;
                    block.ExpectTable = true;
                    block.Role = SqlTableRole.UpdateTarget;
                    break;
                case "insert" when Is(i + 1, end, "into"):
                    return ReadInsert(i, end, block, depth);
                case "copy" when previous is null:
                    return ReadCopy(i, end, block);
                case "truncate" when previous is null:
                    return ReadTruncate(i, end, block);
                case "merge" when Is(i + 1, end, "into"):
                    return ReadMerge(i, end, block);
                case "returning":
                    if (block.Insert is { ReturningToken: < 0 } returning)
                    {
                        returning.ReturningToken = i;
                    }

                    block.Clause = Clause.Returning;
                    break;
                case "values":
                    block.Clause = Clause.Values;
                    if (block.Insert is { ValuesToken: < 0 } values)
                    {
                        values.ValuesToken = i;
                    }

                    break;
                case "union" or "intersect" or "except":
                    // The other side of a set operation is a new scope; an INSERT … SELECT … UNION … goes on.
                    FinishScope(block.Scope);
                    block.Scope = NewScope();
                    block.Clause = Clause.None;
                    block.ExpectTable = false;
                    break;
                case "set" or "group" or "order" or "limit" or "offset" or "having" or "window" or "fetch" or "for" or "do":
                    block.Clause = Clause.Other;
                    block.ExpectTable = false;
                    break;
            }

            return i;
        }

        private int ReadInsert(int i, int end, Block block, int depth)
        {
            if (block.Insert is { } earlier)
            {
                FinishInsert(earlier, i);
            }

            if (!SqlName.TryRead(_tokens, i + 2, out var name, out var next) || next > end)
            {
                block.Insert = null;
                return i + 2;
            }

            var target = new SqlTableReference(name, SqlTableRole.InsertTarget, block.Scope.Id, i + 2, next);
            _tables.Add(target);
            var insert = new InsertBuilder { InsertToken = i, Target = target };
            block.Insert = insert;
            block.Clause = Clause.Other;
            if (Is(next, end, "as") && next + 1 < end && _tokens[next + 1].IsName)
            {
                next += 2;
            }

            if (next < end && _tokens[next].Kind == SqlTokenKind.OpenParen && !IsSubqueryStart(next + 1, end))
            {
                insert.ColumnListOpen = next;
                insert.ColumnListClose = Close(next);
                ReadGroup(next + 1, insert.ColumnListClose, block, depth + 1);
                next = insert.ColumnListClose + 1;
            }

            return next;
        }

        /// <summary>
        /// <c>COPY name [(c…)] FROM …</c> records the table; <c>COPY name TO …</c> reads it, and <c>COPY (query) TO …</c>
        /// is left to the query reader. The FROM of COPY is not a FROM clause: <c>STDIN</c> is no table.
        /// </summary>
        private int ReadCopy(int i, int end, Block block)
        {
            block.Clause = Clause.Other;
            if (!SqlName.TryRead(_tokens, i + 1, out var name, out var afterName) || afterName > end)
            {
                return i + 1;
            }

            var next = afterName;
            if (next < end && _tokens[next].Kind == SqlTokenKind.OpenParen)
            {
                next = Close(next) + 1;
            }

            if (!Is(next, end, "from"))
            {
                return next;
            }

            _tables.Add(new SqlTableReference(name, SqlTableRole.CopyFrom, block.Scope.Id, i + 1, afterName));
            return next + 1;
        }

        /// <summary><c>TRUNCATE [TABLE] [ONLY] name [*] [, …]</c>: every table named.</summary>
        private int ReadTruncate(int i, int end, Block block)
        {
            block.Clause = Clause.Other;
            var next = Is(i + 1, end, "table") ? i + 2 : i + 1;
            while (next < end)
            {
                if (Is(next, end, "only"))
                {
                    next++;
                }

                if (!SqlName.TryRead(_tokens, next, out var name, out var afterName) || afterName > end)
                {
                    break;
                }

                _tables.Add(new SqlTableReference(name, SqlTableRole.TruncateTarget, block.Scope.Id, next, afterName));
                next = afterName;
                if (next < end && _tokens[next] is { Kind: SqlTokenKind.Operator, Value: "*" })
                {
                    next++;
                }

                if (next >= end || _tokens[next].Kind != SqlTokenKind.Comma)
                {
                    break;
                }

                next++;
            }

            return next;
        }

        /// <summary><c>MERGE INTO [ONLY] name …</c>: the target (the USING source is read, not written).</summary>
        private int ReadMerge(int i, int end, Block block)
        {
            block.Clause = Clause.Other;
            var next = Is(i + 2, end, "only") ? i + 3 : i + 2;
            if (!SqlName.TryRead(_tokens, next, out var name, out var afterName) || afterName > end)
            {
                return next;
            }

            _tables.Add(new SqlTableReference(name, SqlTableRole.MergeTarget, block.Scope.Id, next, afterName));
            return afterName;
        }

        private bool TryReadTable(int i, int end, Block block, out int next)
        {
            next = i;
            var token = _tokens[i];
            if (token.IsWord("only"))
            {
                next = i + 1;
                return true;
            }

            block.ExpectTable = false;
            if (token.IsWord("lateral") || token.Kind == SqlTokenKind.Word && NotATableName.Contains(token.Value))
            {
                return false;
            }

            if (!SqlName.TryRead(_tokens, i, out var name, out next) || next > end)
            {
                return false;
            }

            if (next < end && _tokens[next].Kind == SqlTokenKind.OpenParen)
            {
                return false; // a function in FROM, e.g. generate_series(1, 10)
            }

            var table = new SqlTableReference(name, block.Role, block.Scope.Id, i, next);
            _tables.Add(table);
            block.Scope.Tables.Add(table);
            return true;
        }

        /// <summary>Records <c>currval(…)</c> or <c>pg_catalog.currval(…)</c> at <paramref name="i"/> when a filter compares it.</summary>
        private void CheckCurrval(int i, int end, Block block)
        {
            if (!_tokens[i].IsWord("currval") || i + 1 >= end || _tokens[i + 1].Kind != SqlTokenKind.OpenParen)
            {
                return;
            }

            if (block.Clause is not (Clause.Where or Clause.JoinOn))
            {
                return;
            }

            var start = i >= 2 && _tokens[i - 1].Kind == SqlTokenKind.Dot && _tokens[i - 2].IsName ? i - 2 : i;
            var close = Close(i + 1);
            if (IsCompared(start, close))
            {
                block.Scope.Currvals.Add((start, close));
            }
        }

        private bool IsCompared(int start, int close)
        {
            if (start > 0 && IsComparison(_tokens[start - 1]))
            {
                return true;
            }

            // id IN (currval('s'))
            if (start > 1 && _tokens[start - 1].Kind == SqlTokenKind.OpenParen && _tokens[start - 2].IsWord("in"))
            {
                return true;
            }

            var after = close + 1;
            while (after + 1 < _tokens.Length && _tokens[after].Kind == SqlTokenKind.Cast)
            {
                // currval('s')::bigint = id
                after += 2;
                while (after + 1 < _tokens.Length && _tokens[after].Kind == SqlTokenKind.Dot)
                {
                    after += 2;
                }
            }

            return after < _tokens.Length && IsComparison(_tokens[after]);
        }

        private static bool IsComparison(SqlToken token) => token.Kind == SqlTokenKind.Operator && Comparisons.Contains(token.Value);

        private Scope NewScope() => new(_nextScope++);

        private void FinishScope(Scope scope)
        {
            if (scope.Currvals.Count == 0)
            {
                return;
            }

            var tables = scope.Tables.ToImmutableArray();
            foreach (var (call, close) in scope.Currvals)
            {
                _currvals.Add(new SqlCurrvalComparison(call, close, tables));
            }
        }

        private void FinishInsert(InsertBuilder insert, int end) =>
            _inserts.Add(new SqlInsert(
                insert.InsertToken,
                insert.Target,
                insert.ColumnListOpen,
                insert.ColumnListClose,
                insert.ValuesToken,
                insert.Rows.ToImmutableArray(),
                insert.OnConflictToken,
                insert.ReturningToken,
                end));
    }
}
