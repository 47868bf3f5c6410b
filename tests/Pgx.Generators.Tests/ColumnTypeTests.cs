using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>
/// <c>[PgColumn(Type = …)]</c> is written into the DDL as it is, so PGX0018 accepts a type name — with modifiers and
/// array bounds — and nothing else: not a clause that would change the column, nor anything that ends the statement.
/// </summary>
public sealed class ColumnTypeTests : RuleTests
{
    public ColumnTypeTests()
        : base(ModelRules)
    {
    }

    /// <summary>Type names PostgreSQL reads as a type and nothing more; all but the last exist on a bare server.</summary>
    private static readonly string[] Accepted =
    {
        "integer", "int", "int4", "bigint", "smallint", "boolean", "real", "text", "jsonb", "json", "uuid", "bytea",
        "numeric", "numeric(12,2)", "numeric( 12 , 2 )", "NUMERIC(5, -2)", "decimal(10)", "dec(10,2)",
        "float", "float(24)", "double precision", "Double  Precision",
        "varchar", "varchar(200)", "character varying", "character varying(200)", "char varying(3)", "char(3)",
        "character(3)", "national character varying(10)", "national char(2)", "nchar varying(5)", "nchar(5)",
        "bit", "bit(8)", "bit varying(16)", "varbit(16)",
        "timestamp", "timestamp(3)", "timestamp with time zone", "timestamp(3) with time zone",
        "timestamp without time zone", "timestamptz(3)", "time", "time with time zone", "time(6) without time zone",
        "interval", "interval(3)", "interval year", "interval year to month", "interval day to second",
        "interval day to second(3)", "interval hour to minute", "interval minute to second(2)", "interval second(3)",
        "text[]", "integer[][]", "integer[3]", "integer [3] [3]", "varchar(20)[]", "double precision[]",
        "timestamp(3) with time zone[]", "interval day to second[]", "integer ARRAY", "integer array[4]",
        "pg_catalog.int8", "pg_catalog.\"numeric\"(8,3)", "\"MyType\"", "app.\"Weird Type\"[]", "app.amount",
        "\"a\"\"b\"", "\"semi;colon -- not a comment\"",
        "geometry(Point, 4326)",
    };

    /// <summary>Column clauses, comments, statement ends and broken type syntax.</summary>
    private static readonly string[] Rejected =
    {
        "bigint GENERATED ALWAYS AS IDENTITY", "text REFERENCES users", "text DEFAULT 'x'", "numeric(12,2) DEFAULT 0",
        "text NOT NULL", "varchar(200) NULL", "text COLLATE \"C\"", "integer CHECK (value > 0)", "text UNIQUE",
        "text PRIMARY KEY", "text GENERATED ALWAYS AS (upper(x)) STORED", "uuid DEFAULT gen_random_uuid()",
        "timestamp(3) with time zone not null", "text -- comment", "text /* comment */", "text; DROP TABLE users",
        "text;", "", "   ", "int(4)", "integer(4)", "boolean(1)", "double", "double precision(2)",
        "float(24, 2)", "numeric(12,,2)", "numeric()", "numeric(12 2)", "numeric(12,2", "varchar(n)",
        "timestamp with", "timestamp with time", "timestamp with time zone zone", "time zone",
        "interval year to day", "interval day to", "interval second to minute", "interval(3) day",
        "text[", "text]", "text[a]", "text[-1]", "text ARRAY ARRAY", "integer[] ARRAY", "text ARRAY[]",
        "setof integer", "select", "table", "between", "\"unterminated", "\"\"", "a.b.c", "public.", ".text",
        "public..text", "text.", "text integer", "national varchar", "e'text'", "$1", "text::integer",
        "geometry(Point, null)", "geometry(Point 4326)",
    };

    public static TheoryData<string> AcceptedTypes() => new(Accepted);

    public static TheoryData<string> RejectedTypes() => new(Rejected);

    [Theory]
    [MemberData(nameof(AcceptedTypes))]
    public Task A_type_name_is_accepted(string type) => VerifySweepAsync($$"""
        using Pgx;
        [PgTable]
        public sealed record T(long Id, [property: PgColumn(Type = {{Literal(type)}})] string Value);
        """);

    [Theory]
    [MemberData(nameof(RejectedTypes))]
    public Task Anything_more_than_a_type_name_is_PGX0018_at_the_Type_argument(string type) => VerifySweepAsync(
        $$"""
        using Pgx;
        [PgTable]
        public sealed record T(long Id, [property: PgColumn({|#0:Type = {{Literal(type)}}|})] string Value);
        """,
        Diagnostic("PGX0018", 0, type, "Value", "T"));

    [Theory]
    [InlineData("bigint GENERATED ALWAYS AS IDENTITY")]
    [InlineData("text REFERENCES users")]
    public Task The_data_annotations_type_name_is_held_to_the_same_grammar(string type) => VerifyAsync(
        $$"""
        using System.ComponentModel.DataAnnotations.Schema;
        using Pgx;
        [PgTable]
        public sealed record T(long Id, [property: Column({|#0:TypeName = {{Literal(type)}}|})] string Value);
        """,
        Diagnostic("PGX0018", 0, type, "Value", "T"));

    [Fact]
    public async Task Every_accepted_type_makes_a_plain_column_on_postgresql()
    {
        var types = Accepted.Where(t => !t.StartsWith("geometry", System.StringComparison.Ordinal)).ToList();
        var properties = string.Join(",\n    ", types.Select((t, i) => $"[property: PgColumn(Type = {Literal(t)})] string? C{i}"));
        var run = GeneratorRun.Of("using Pgx;\n[PgTable(\"typed\")]\npublic sealed record Typed(long Id,\n    " + properties + ");");
        Assert.Empty(run.CompilationDiagnostics);

        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("column_types"));
        await db.ExecuteAsync("CREATE DOMAIN \"MyType\" AS text; CREATE DOMAIN \"a\"\"b\" AS text; CREATE DOMAIN \"semi;colon -- not a comment\" AS text; "
            + "CREATE SCHEMA app; CREATE DOMAIN app.\"Weird Type\" AS integer; CREATE DOMAIN app.amount AS numeric");
        await db.ExecuteAsync(run.SchemaSql);

        // One column per type, and the type text added nothing else: no default (the key, column 1, has its
        // sequence), identity, generation, collation or constraint.
        Assert.Equal(types.Count + 1, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.typed'::regclass AND attnum > 0 AND NOT attisdropped"));
        Assert.Empty(await db.ColumnAsync(
            "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.typed'::regclass AND attnum > 1 "
            + "AND (atthasdef OR attidentity <> '' OR attgenerated <> '' OR attcollation <> (SELECT typcollation FROM pg_type WHERE oid = atttypid))"));
        Assert.Equal(new[] { "typed_pkey" }, await db.ColumnAsync("SELECT conname::text FROM pg_constraint WHERE conrelid = 'public.typed'::regclass"));
    }

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
