using System.Linq;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Tests.Sql;

/// <summary>The SQL facts layer: statements, INSERT shapes, tables per scope, currval comparisons, names.</summary>
public sealed class SqlFactsTests
{
    private static SqlInsert SingleInsert(string sql) => SqlDocument.Parse(sql).Statements.SelectMany(s => s.Inserts).Single();

    [Fact]
    public void Statements_split_on_semicolons_outside_strings_and_comments()
    {
        var document = SqlDocument.Parse("SELECT ';'; /* ; */ SELECT $$;$$ ;; -- ;\n SELECT 3");
        Assert.Equal(3, document.Statements.Length);
        Assert.Equal("SELECT $$;$$", document.TextOf(document.Statements[1].FirstToken, document.Statements[1].EndToken));
    }

    [Fact]
    public void Insert_target_column_list_values_and_returning()
    {
        var document = SqlDocument.Parse("insert into Public.T AS x (p, value) values (@p, @v) returning id");
        var insert = document.Statements.Single().Inserts.Single();
        Assert.Equal(new SqlName("public", "t"), insert.Target.Name);
        Assert.Equal("(p, value)", document.TextOf(insert.ColumnListOpen, insert.ColumnListClose + 1));
        Assert.Equal("(@p, @v)", document.TextOf(insert.ValuesRows.Single().Open, insert.ValuesRows.Single().Close + 1));
        Assert.Equal("returning id", document.TextOf(insert.ReturningToken, insert.EndToken));
        Assert.False(insert.HasOnConflict);
    }

    [Fact]
    public void Insert_on_conflict_and_returning_after_it()
    {
        var insert = SingleInsert("INSERT INTO t VALUES (1, 2), (3, 4) ON CONFLICT (id) DO UPDATE SET p = excluded.p RETURNING *");
        Assert.True(insert.HasOnConflict);
        Assert.True(insert.HasReturning);
        Assert.Equal(2, insert.ValuesRows.Length);
    }

    [Theory]
    [InlineData("INSERT INTO t (note) VALUES ('RETURNING id')")]
    [InlineData("INSERT INTO t (note) VALUES ($$ RETURNING $$) -- RETURNING id")]
    [InlineData("INSERT INTO t (note) VALUES (E'\\' RETURNING id') /* RETURNING /* nested */ id */")]
    [InlineData("INSERT INTO t (\"returning\") VALUES (1)")]
    [InlineData("INSERT INTO t (note) VALUES ('ON CONFLICT DO NOTHING')")]
    public void Keywords_inside_strings_comments_and_quoted_names_are_not_clauses(string sql)
    {
        var insert = SingleInsert(sql);
        Assert.False(insert.HasReturning);
        Assert.False(insert.HasOnConflict);
    }

    [Fact]
    public void Returning_of_an_update_is_not_an_insert_returning()
    {
        var document = SqlDocument.Parse("UPDATE t SET p = 1 WHERE id = 2 RETURNING *; INSERT INTO u SELECT * FROM t RETURNING id");
        Assert.Empty(document.Statements[0].Inserts);
        Assert.True(document.Statements[1].Inserts.Single().HasReturning);
        Assert.Equal(new SqlName(null, "u"), document.Statements[1].Inserts.Single().Target.Name);
    }

    [Fact]
    public void Insert_inside_with_ends_at_its_parenthesis()
    {
        var document = SqlDocument.Parse("WITH a AS (INSERT INTO t (p) VALUES (1) RETURNING id) SELECT id FROM a");
        var insert = document.Statements.Single().Inserts.Single();
        Assert.True(insert.HasReturning);
        Assert.Equal("RETURNING id", document.TextOf(insert.ReturningToken, insert.EndToken));
    }

    [Fact]
    public void Tables_of_from_join_update_delete_and_using()
    {
        var tables = SqlDocument.Parse(
            "SELECT * FROM a, ONLY s.b bb LEFT JOIN \"C\" ON true, generate_series(1, 2) g, (SELECT 1 FROM d) x; " +
            "UPDATE e SET p = 1 FROM f WHERE e.id = f.id; DELETE FROM g USING h, i WHERE true")
            .Statements.SelectMany(s => s.Tables).Select(t => t.Role + ":" + t.Name).ToList();
        Assert.Equal(
            new[] { "From:a", "From:s.b", "Join:\"C\"", "From:d", "UpdateTarget:e", "From:f", "DeleteTarget:g", "Using:h", "Using:i" },
            tables);
    }

    [Fact]
    public void Tables_written_by_copy_from_truncate_and_merge()
    {
        var tables = SqlDocument.Parse(
            "COPY a (x, y) FROM STDIN; copy B to stdout; COPY (SELECT * FROM c) TO STDOUT; COPY \"Q\" FROM '/tmp/from'; " +
            "TRUNCATE TABLE d, ONLY s.e *, f CASCADE; truncate g; " +
            "MERGE INTO ONLY h AS t USING i ON t.id = i.id WHEN MATCHED THEN UPDATE SET x = 1 WHEN NOT MATCHED THEN INSERT (x) VALUES (1)")
            .Statements.SelectMany(s => s.Tables).Select(t => t.Role + ":" + t.Name).ToList();
        Assert.Equal(
            new[] { "CopyFrom:a", "From:c", "CopyFrom:\"Q\"", "TruncateTarget:d", "TruncateTarget:s.e", "TruncateTarget:f", "TruncateTarget:g", "MergeTarget:h" },
            tables);
    }

    [Fact]
    public void Copy_truncate_and_merge_inside_other_statements_are_not_writes()
    {
        var tables = SqlDocument.Parse("SELECT copy, truncate FROM t WHERE merge = 1; SELECT * FROM copy")
            .Statements.SelectMany(s => s.Tables).Select(t => t.Role + ":" + t.Name).ToList();
        Assert.Equal(new[] { "From:t", "From:copy" }, tables);
    }

    [Fact]
    public void Function_arguments_with_from_are_not_tables()
    {
        var tables = SqlDocument.Parse("SELECT extract(year FROM at), substring(s FROM 1 FOR 2) FROM events").Statements.Single().Tables;
        Assert.Equal(new SqlName(null, "events"), Assert.Single(tables).Name);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE id = currval('t_id_seq')")]
    [InlineData("SELECT * FROM t WHERE currval('t_id_seq') = id")]
    [InlineData("SELECT * FROM t WHERE (p = 1 AND id = pg_catalog.currval('t_id_seq'::regclass))")]
    [InlineData("SELECT * FROM t WHERE currval('t_id_seq')::bigint <= id")]
    [InlineData("SELECT * FROM t WHERE id IN (currval('t_id_seq'))")]
    [InlineData("UPDATE t SET p = 2 WHERE id = currval('t_id_seq')")]
    [InlineData("DELETE FROM t WHERE id = CURRVAL('t_id_seq')")]
    [InlineData("SELECT * FROM u JOIN t ON t.id = currval('t_id_seq')")]
    public void Currval_compared_in_a_filter_names_the_filtered_tables(string sql)
    {
        var comparison = SqlDocument.Parse(sql).Statements.Single().CurrvalComparisons.Single();
        Assert.Contains(comparison.Tables, t => t.Name == new SqlName(null, "t"));
    }

    [Theory]
    [InlineData("SELECT currval('t_id_seq')")]
    [InlineData("SELECT * FROM t WHERE id = (SELECT currval('t_id_seq'))")]
    [InlineData("SELECT * FROM t WHERE note = 'id = currval(1)'")]
    [InlineData("SELECT * FROM t WHERE id = 1 -- AND id = currval('s')")]
    [InlineData("SELECT * FROM t WHERE id = \"currval\"('s')")]
    [InlineData("SELECT * FROM t ORDER BY currval('s') = id")]
    [InlineData("SELECT * FROM t WHERE f(currval('s'))")]
    public void Currval_not_compared_in_a_filter_is_not_reported(string sql)
    {
        Assert.Empty(SqlDocument.Parse(sql).Statements.SelectMany(s => s.CurrvalComparisons));
    }

    [Fact]
    public void Each_side_of_a_union_is_its_own_scope()
    {
        var comparison = SqlDocument.Parse("SELECT id FROM a WHERE true UNION ALL SELECT id FROM t WHERE id = currval('s')")
            .Statements.Single().CurrvalComparisons.Single();
        Assert.Equal(new SqlName(null, "t"), Assert.Single(comparison.Tables).Name);
    }

    [Theory]
    [InlineData("t", null, "t")]
    [InlineData("T", null, "t")]
    [InlineData("public.t", "public", "t")]
    [InlineData("\"Sales\".\"Orders\"", "Sales", "Orders")]
    [InlineData("db.Sales.Orders", "sales", "orders")]
    [InlineData(" \"a\"\"b\" ", null, "a\"b")]
    public void Names_parse_as_postgresql_resolves_them(string text, string? schema, string name)
    {
        Assert.Equal(new SqlName(schema, name), SqlName.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a.")]
    [InlineData("'a'")]
    [InlineData("\"a")]
    public void Not_a_name(string text)
    {
        Assert.Null(SqlName.Parse(text));
    }

    [Fact]
    public void Any_sequence_of_sql_fragments_is_read_without_throwing_and_every_prefix_too()
    {
        var fragments = new[]
        {
            "INSERT", "INTO", "t", "public", ".", "\"T\"", "(", ")", ",", "VALUES", "RETURNING", "id", "ON", "CONFLICT", "DO",
            "NOTHING", "UPDATE", "SET", "DELETE", "FROM", "USING", "WHERE", "=", "currval", "pg_catalog", "'s'", "JOIN",
            "SELECT", "WITH", "AS", "UNION", ";", "::", "bigint", "IN", "ONLY", "LATERAL", "$$x$$", "@p", "$1", "*", "DEFAULT",
            "COPY", "STDIN", "TO", "TRUNCATE", "TABLE", "MERGE", "WHEN", "MATCHED", "THEN",
        };
        var random = new System.Random(20261122);
        for (var n = 0; n < 3000; n++)
        {
            var sql = string.Join(" ", Enumerable.Range(0, random.Next(1, 25)).Select(_ => fragments[random.Next(fragments.Length)]));
            for (var length = 0; length <= sql.Length; length += 1 + length / 8)
            {
                var prefix = sql.Substring(0, length);
                var document = SqlDocument.Parse(prefix);
                Assert.All(document.Statements.SelectMany(s => s.Inserts), i => Assert.InRange(i.EndToken, 0, document.Tokens.Length));
                _ = CodeFixes.NextvalFirstRewrite.TryRewrite(prefix, "public.t", "id", "public.t_id_seq");
                _ = CodeFixes.NextvalFirstRewrite.TryRewrite(prefix, "public.t", "", "");
            }
        }
    }

    [Fact]
    public void Deep_nesting_is_bounded_not_a_stack_overflow()
    {
        var sql = "SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.Single(SqlDocument.Parse(sql).Statements);
    }
}
