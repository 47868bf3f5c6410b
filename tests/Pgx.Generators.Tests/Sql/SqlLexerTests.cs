using System;
using System.Linq;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Tests.Sql;

/// <summary>The shared PostgreSQL lexer: each lexical rule of scan.l that the SQL rules depend on.</summary>
public sealed class SqlLexerTests
{
    private static string Show(string sql, bool comments = false) =>
        string.Join(" ", SqlLexer.Tokenize(sql, comments).Select(t => t.Kind + ":" + t.Value + (t.IsTerminated ? "" : "!")));

    [Fact]
    public void Words_fold_to_lower_case_and_quoted_identifiers_stay_exact()
    {
        Assert.Equal("Word:insert Word:into Word:public Dot:. QuotedIdentifier:T Word:t$1 Word:_x9", Show("INSERT Into PUBLIC.\"T\" t$1 _x9"));
    }

    [Fact]
    public void Only_ascii_letters_fold()
    {
        // downcase_identifier folds A–Z only in multibyte encodings.
        Assert.Equal("Word:zÜrich", Show("ZÜrich"));
    }

    [Fact]
    public void Quoted_identifier_doubles_its_quotes()
    {
        Assert.Equal("QuotedIdentifier:a\"b Word:c", Show("\"a\"\"b\" c"));
    }

    [Fact]
    public void Unicode_quoted_identifier_resolves_escapes()
    {
        Assert.Equal("QuotedIdentifier:data QuotedIdentifier:d\\", Show("U&\"d\\0061t\\+000061\" u&\"d\\\\\""));
    }

    [Fact]
    public void Standard_string_doubles_its_quotes_and_keeps_backslashes()
    {
        Assert.Equal("String:it's String:a\\ Word:returning", Show("'it''s' 'a\\' returning"));
    }

    [Fact]
    public void Escape_string_resolves_backslashes()
    {
        Assert.Equal("String:a'b\nc\\dA String:é", Show("E'a\\'b\\nc\\\\d\\x41' e'\\u00e9'"));
        Assert.Equal("String:x' Word:returning", Show("E'x\\'' RETURNING"));
        Assert.Equal("String:ab", Show("E'\\141\\142'"));
    }

    [Fact]
    public void Prefixed_strings_are_strings_not_words()
    {
        Assert.Equal("String:1010 String:1F String:n String:x", Show("B'1010' X'1F' N'n' U&'x'"));
    }

    [Fact]
    public void Dollar_quoted_strings_with_and_without_tags()
    {
        Assert.Equal("DollarString:it's RETURNING DollarString:a $$ b Word:x", Show("$$it's RETURNING$$ $fn$a $$ b$fn$ x"));
        Assert.Equal("DollarString:x $a$ y", Show("$b$x $a$ y$b$"));
    }

    [Fact]
    public void Identifiers_may_contain_dollars_so_no_dollar_quote_starts_inside_them()
    {
        Assert.Equal("Word:a$b$ Word:c", Show("a$b$ c"));
    }

    [Fact]
    public void Comments_nest_and_are_left_out_unless_asked_for()
    {
        Assert.Equal("Word:a Word:b", Show("a /* x /* RETURNING */ y */ b -- RETURNING"));
        Assert.Equal("Word:a BlockComment:/* x /* y */ z */ Word:b LineComment:-- c", Show("a /* x /* y */ z */ b -- c", comments: true));
        Assert.Equal("Word:a LineComment:-- x Word:b", Show("a -- x\nb", comments: true));
    }

    [Fact]
    public void Numbers()
    {
        Assert.Equal("Number:1 Number:1.5 Number:.5 Number:1e10 Number:2.5E-3 Number:0x1F Number:1_000 Number:0b101 Number:0o17", Show("1 1.5 .5 1e10 2.5E-3 0x1F 1_000 0b101 0o17"));
    }

    [Fact]
    public void Operators_casts_and_punctuation()
    {
        Assert.Equal("Word:a Cast::: Word:int Operator:<> Number:1 Operator:|| Operator:@> OpenParen:( Comma:, CloseParen:) OpenBracket:[ Number:1 Colon:: Number:2 CloseBracket:] Semicolon:;", Show("a::int <> 1 || @> (,) [1:2];"));
    }

    [Fact]
    public void An_operator_ends_before_a_comment_and_before_a_trailing_minus()
    {
        Assert.Equal("Word:a Operator:= Operator:- Number:1", Show("a=-1"));
        Assert.Equal("Word:a Operator:= LineComment:--1", Show("a=--1", comments: true));
        Assert.Equal("Operator:@- Number:1", Show("@-1"));
    }

    [Fact]
    public void Parameters_in_every_style()
    {
        Assert.Equal("Parameter:$1 Parameter:@p_1 Parameter::name Cast::: Word:text", Show("$1 @p_1 :name::text"));
    }

    [Theory]
    [InlineData("'abc", "String:abc!")]
    [InlineData("E'a\\", "String:a\\!")]
    [InlineData("\"abc", "QuotedIdentifier:abc!")]
    [InlineData("$x$abc", "DollarString:abc!")]
    [InlineData("/* a /* b */", "BlockComment:/* a /* b */!")]
    public void Unterminated_tokens_run_to_the_end_and_say_so(string sql, string expected)
    {
        Assert.Equal(expected, Show(sql, comments: true));
    }

    [Fact]
    public void Tokens_cover_the_text_exactly()
    {
        const string sql = "INSERT INTO \"T\" (a) VALUES (E'x\\'', $q$y$q$) /* c */ RETURNING id; -- end";
        var tokens = SqlLexer.Tokenize(sql, includeComments: true);
        var rebuilt = new System.Text.StringBuilder(sql.Length);
        var position = 0;
        foreach (var token in tokens)
        {
            Assert.True(sql.Substring(position, token.Start - position).All(char.IsWhiteSpace));
            rebuilt.Append(sql, position, token.End - position);
            position = token.End;
        }

        Assert.Equal(sql.TrimEnd(), rebuilt.ToString());
    }

    [Fact]
    public void Any_text_tokenizes_without_throwing()
    {
        var random = new Random(20261101);
        const string alphabet = "'\"$eEuU&/*-\\:@().,;[]ab1_ \n=<>x";
        for (var n = 0; n < 5000; n++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var tokens = SqlLexer.Tokenize(text, includeComments: true);
            Assert.True(tokens.All(t => t.Length > 0 && t.End <= text.Length), text);
            _ = SqlDocument.Parse(text);
        }
    }
}
