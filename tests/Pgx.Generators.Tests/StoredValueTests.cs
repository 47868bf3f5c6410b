using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// Column types that change what PostgreSQL stores: on a partition key the C# routing must follow them or the
/// model is refused (PGX0026), partition values must be stored as written (PGX0027), and an enum must be stored
/// as its number (PGX0028), range-checked wherever its column and its type do not hold the same numbers.
/// </summary>
public sealed class StoredValueTests : RuleTests
{
    private const string Usings = "using System; using System.ComponentModel.DataAnnotations.Schema; using Pgx;\n";

    public StoredValueTests()
        : base(ModelRules)
    {
    }

    [Fact]
    public Task PGX0026_key_column_types_that_store_or_compare_differently() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(Code), PartitionKind.List), ListPartition("a_x", "x")]
        public sealed record A(long Id, [property: PgColumn({|#0:Type = "char(3)"|})] string Code);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("b_2026", "2026-01-01", "2027-01-01")]
        public sealed record B(long Id, [property: PgColumn({|#1:Type = "timestamptz"|})] DateTime At);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range, Routing = PartitionRouting.Trigger), RangePartition("c_2026", "2026-01-01", "2027-01-01")]
        public sealed record C(long Id, [property: Column({|#2:TypeName = "timestamp(3)"|})] DateTimeOffset At);
        [PgTable, PartitionBy(nameof(Amount), PartitionKind.Range), RangePartition("d_low", "0", "10")]
        public sealed record D(long Id, [property: PgColumn({|#3:Type = "text"|})] decimal Amount);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("e_1", 1)]
        public sealed record E(long Id, [property: PgColumn({|#4:Type = "numeric"|})] int P);
        [PgTable, PartitionBy(nameof(Amount), PartitionKind.Range), RangePartition("f_low", "0", "1000")]
        public sealed record F(long Id, [property: PgColumn({|#5:Type = "numeric(5,-2)"|})] decimal Amount);
        """,
        Diagnostic("PGX0026", 0, "char(3)", "Code", "string", "char(n) pads values with spaces and ignores trailing spaces when it compares, so 'a' and 'a ' are one key to PostgreSQL and two to C#; use text or varchar(n)", "A"),
        Diagnostic("PGX0026", 1, "timestamptz", "At", "System.DateTime", "a DateTime has no offset, so its bounds and values would be read in the session's TimeZone setting and a row's partition would depend on the connection; use a DateTimeOffset property for a timestamptz key, or timestamp for a DateTime key", "B"),
        Diagnostic("PGX0026", 2, "timestamp(3)", "At", "System.DateTimeOffset", "timestamp drops the offset by converting the instant to the session's TimeZone setting, so a row's partition would depend on the connection; use timestamptz for a DateTimeOffset key, or a DateTime property for a timestamp key", "C"),
        Diagnostic("PGX0026", 3, "text", "Amount", "decimal", "partitions are computed in C# only for key columns of type numeric or numeric(p,s)", "D"),
        Diagnostic("PGX0026", 4, "numeric", "P", "int", "partitions are computed in C# only for key columns of type smallint, integer or bigint", "E"),
        Diagnostic("PGX0026", 5, "numeric(5,-2)", "Amount", "decimal", "a negative scale rounds to tens, hundreds and so on, which Pgx does not route on; use a scale of 0 or more", "F"));

    [Fact]
    public Task Key_column_types_that_routing_follows_report_nothing() => VerifyAsync(Usings + """
        [PgTable, PartitionBy(nameof(Amount), PartitionKind.Range), RangePartition("a_low", "MINVALUE", "10.50")]
        public sealed record A(long Id, [property: PgColumn(Type = "numeric(10,2)")] decimal Amount);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("b_2026", "2026-01-01", "2027-01-01T00:00:01")]
        public sealed record B(long Id, [property: PgColumn(Type = "timestamp(0)")] DateTime At);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("c_2026", "2026-01-01T00:00:00.123+01:00", "2027-01-01")]
        public sealed record C(long Id, [property: Column(TypeName = "timestamp(3) with time zone")] DateTimeOffset At);
        [PgTable, PartitionBy(nameof(Code), PartitionKind.List), ListPartition("d_x", "xy")]
        public sealed record D(long Id, [property: PgColumn(Type = "varchar(2)")] string Code);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("e_1", 1)]
        public sealed record E(long Id, [property: PgColumn(Type = "int8")] int P);
        [PgTable, PartitionBy(nameof(Code), PartitionKind.Hash), HashPartitions(2)]
        public sealed record F(long Id, [property: PgColumn(Type = "char(3)")] string Code);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("g_2026", "2026-01-01T00:00:00.000001", "2027-01-01")]
        public sealed record G(long Id, DateTime At);
        """);

    [Fact]
    public Task PGX0027_partition_values_the_column_would_change() => VerifyAsync(Usings + """
        public enum Level : int { Low = 1, High = 40000 }
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("a_2026", {|#0:"2026-01-01T00:00:00.0000001"|}, "2027-01-01")]
        public sealed record A(long Id, DateTime At);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("b_2026", "2026-01-01", {|#1:"2027-01-01 00:00:00.5"|})]
        public sealed record B(long Id, [property: PgColumn(Type = "timestamp(0)")] DateTime At);
        [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("c_old", {|#2:"0001-01-01"|}, "2000-01-01")]
        public sealed record C(long Id, DateTimeOffset At);
        [PgTable, PartitionBy(nameof(Amount), PartitionKind.Range), RangePartition("d_low", {|#3:"10.005"|}, {|#4:"100000000"|})]
        public sealed record D(long Id, [property: PgColumn(Type = "numeric(10,2)")] decimal Amount);
        [PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition("e_1", 1, {|#5:40000|})]
        public sealed record E(long Id, [property: PgColumn(Type = "smallint")] int P);
        [PgTable, PartitionBy(nameof(L), PartitionKind.List), ListPartition("f_1", Level.Low, {|#6:Level.High|})]
        public sealed record F(long Id, [property: PgColumn(Type = "int2")] Level L);
        [PgTable, PartitionBy(nameof(Code), PartitionKind.List), ListPartition("g_x", "xy", {|#7:"xyz"|})]
        public sealed record G(long Id, [property: PgColumn(Type = "character varying(2)")] string Code);
        """,
        Diagnostic("PGX0027", 0, "a_2026", "At", "timestamp", "2026-01-01T00:00:00.0000001", "PostgreSQL keeps whole microseconds, so it would store the bound cut to 6 fractional digits while C# compared all 7; write at most 6", "A"),
        Diagnostic("PGX0027", 1, "b_2026", "At", "timestamp(0)", "2027-01-01 00:00:00.5", "timestamp(0) keeps 0 fractional digits, so PostgreSQL would store the bound rounded; write at most 0", "B"),
        Diagnostic("PGX0027", 2, "c_old", "At", "timestamptz", "0001-01-01", "it is DateTimeOffset.MinValue, which Npgsql sends as -infinity; write \"MINVALUE\" for a range open below", "C"),
        Diagnostic("PGX0027", 3, "d_low", "Amount", "numeric(10,2)", "10.005", "numeric(10,2) keeps 2 decimal places, so PostgreSQL would store 10.01; write that", "D"),
        Diagnostic("PGX0027", 4, "d_low", "Amount", "numeric(10,2)", "100000000", "numeric(10,2) holds absolute values below 10^8", "D"),
        Diagnostic("PGX0027", 5, "e_1", "P", "smallint", "40000", "smallint holds -32768 to 32767", "E"),
        Diagnostic("PGX0027", 6, "f_1", "L", "int2", "High", "int2 holds -32768 to 32767", "F"),
        Diagnostic("PGX0027", 7, "g_x", "Code", "character varying(2)", "'xyz'", "character varying(2) holds at most 2 characters", "G"));

    [Fact]
    public Task PGX0028_enum_column_types_that_are_not_integers() => VerifyAsync(Usings + """
        public enum State { Open, Closed }
        [PgTable]
        public sealed record T(
            long Id,
            [property: PgColumn({|#0:Type = "text"|})] State Text,
            [property: Column({|#1:TypeName = "numeric(5)"|})] State Numeric,
            [property: PgColumn({|#2:Type = "integer[]"|})] State Array,
            [property: PgColumn(Type = "smallint")] State Small,
            [property: Column(TypeName = "INT8")] State? Wide);
        """,
        Diagnostic("PGX0028", 0, "text", "Text", "T"),
        Diagnostic("PGX0028", 1, "numeric(5)", "Numeric", "T"),
        Diagnostic("PGX0028", 2, "integer[]", "Array", "T"));

    [Fact]
    public void Enum_columns_narrower_or_wider_than_the_enum_check_only_where_a_number_would_not_fit()
    {
        var run = GeneratorRun.Of(Usings + """
            namespace Shop;
            public enum S8 : sbyte { A = -1 }
            public enum U8 : byte { A = 1 }
            public enum I16 : short { A = 1 }
            public enum U16 : ushort { A = 1 }
            public enum I32 { A = 1 }
            public enum U32 : uint { A = 1 }
            public enum I64 : long { A = 1 }
            public enum U64 : ulong { A = 1 }
            [PgTable, PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("t_1", 1)]
            public sealed record T(
                long Id, int P,
                [property: PgColumn(Type = "smallint")] S8 A, [property: PgColumn(Type = "smallint")] U8? B, U8 C,
                [property: PgColumn(Type = "smallint")] U16 D, [property: PgColumn(Type = "bigint")] I16? E,
                [property: PgColumn(Type = "smallint")] I32 F, [property: PgColumn(Type = "integer")] U32? G,
                [property: PgColumn(Type = "integer")] I64 H, U64 I, [property: PgColumn(Type = "smallint")] U64? J);
            """);

        var strict = run.Output.WithOptions(run.Output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error).WithWarningLevel(9999));
        Assert.DoesNotContain(strict.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning
            && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
        Assert.Empty(run.CompilationDiagnostics);
        var code = run.Sources["Shop.T.Pgx.g.cs"];

        // Writes: only where the column cannot hold every number of the enum's type.
        Assert.Contains("TypedValue = (short)row.A }", code); // sbyte into smallint
        Assert.Contains("TypedValue = (short?)row.B }", code);
        Assert.Contains("TypedValue = (short)global::Pgx.PgxValues.ToColumn((long)row.D, short.MinValue, short.MaxValue, TableName, \"d\") }", code);
        Assert.Contains("TypedValue = (long?)row.E }", code);
        Assert.Contains("TypedValue = (short)global::Pgx.PgxValues.ToColumn((long)row.F, short.MinValue, short.MaxValue, TableName, \"f\") }", code);
        Assert.Contains("TypedValue = (row.G is null ? (int?)null : (int)global::Pgx.PgxValues.ToColumn((long)row.G.Value, int.MinValue, int.MaxValue, TableName, \"g\")) }", code);
        Assert.Contains("TypedValue = global::Pgx.PgxValues.ToColumn((ulong)row.I, long.MaxValue, TableName, \"i\") }", code); // ulong into bigint
        Assert.Contains("(short)global::Pgx.PgxValues.ToColumn((ulong)row.J.Value, short.MaxValue, TableName, \"j\")", code);

        // Reads: only where the column holds numbers the enum's type cannot.
        Assert.Contains("(global::Shop.S8)(sbyte)global::Pgx.PgxValues.FromColumn(reader.GetInt16(2), sbyte.MinValue, sbyte.MaxValue, TableName, \"a\")", code);
        Assert.Contains("(global::Shop.U8)(byte)global::Pgx.PgxValues.FromColumn(reader.GetInt32(4), byte.MinValue, byte.MaxValue, TableName, \"c\")", code);
        Assert.Contains("(global::Shop.I16)(short)global::Pgx.PgxValues.FromColumn(reader.GetInt64(6), short.MinValue, short.MaxValue, TableName, \"e\")", code);
        Assert.Contains("(global::Shop.I32)reader.GetInt16(7)", code);
        Assert.Contains("(global::Shop.I64)reader.GetInt32(9)", code);
        Assert.Contains("(global::Shop.U64)(ulong)global::Pgx.PgxValues.FromColumn(reader.GetInt64(10), 0L, long.MaxValue, TableName, \"i\")", code);

        // Checked before any I/O, in every method that writes the row: InsertAsync, InsertManyAsync's and ImportAsync's passes
        // over the rows, UpdateAsync, MoveAsync, UpsertAsync and UpsertManyAsync's pass (DeleteManyAsync reads only the key).
        Assert.Equal(7, code.Split("_ = (short)global::Pgx.PgxValues.ToColumn((long)row.D,").Length - 1);
    }

    [Fact]
    public void A_rounded_partition_key_is_routed_and_looked_up_by_its_stored_value()
    {
        var run = GeneratorRun.Of(Usings + """
            namespace Shop;
            [PgTable, PartitionBy(nameof(Amount), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
            [RangePartition("p_low", "MINVALUE", "10"), RangePartition("p_high", "10", "MAXVALUE")]
            public sealed record P(long Id, [property: PgColumn(Type = "numeric(10,2)")] decimal Amount);
            [PgTable, PartitionBy(nameof(At), PartitionKind.Range), RangePartition("q_2026", "2026-01-01", "2027-01-01"), DefaultPartition("q_other")]
            public sealed record Q(long Id, [property: PgColumn(Type = "timestamp(0)")] DateTime At, [property: PgColumn(Type = "numeric(4,1)")] decimal Amount);
            [PgTable, PartitionBy(nameof(Amount), PartitionKind.Range), RangePartition("r_low", "0", "10"), DefaultPartition("r_other")]
            public sealed record R(long Id, [property: PgColumn(Type = "numeric(4,1)")] decimal Amount);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        var p = run.Sources["Shop.P.Pgx.g.cs"];
        // InsertAsync, InsertManyAsync, ImportAsync, UpsertManyAsync and DeleteManyAsync route each row on the stored value;
        // UpdateAsync, MoveAsync and UpsertAsync keep it in a local, also sent as the parameter the row is found by.
        Assert.Equal(5, p.Split("var partition = PartitionOf(global::Pgx.PgxValues.StoredNumeric(row.Amount, 10, 2, TableName, \"amount\"));").Length - 1);
        Assert.Equal(3, p.Split("var partitionKey = global::Pgx.PgxValues.StoredNumeric(row.Amount, 10, 2, TableName, \"amount\");").Length - 1);
        Assert.Contains("amount = global::Pgx.PgxValues.StoredNumeric(amount, 10, 2, TableName, \"amount\");", p);

        // Declarative with a default partition: PostgreSQL picks it for inserts, but FindAsync reads one partition.
        var q = run.Sources["Shop.Q.Pgx.g.cs"];
        var inserts = q.Substring(q.IndexOf(" InsertAsync(", System.StringComparison.Ordinal), q.IndexOf(" UpdateAsync(", System.StringComparison.Ordinal) - q.IndexOf(" InsertAsync(", System.StringComparison.Ordinal));
        Assert.DoesNotContain("PartitionOf(", inserts);
        Assert.Contains("at = global::Pgx.PgxValues.StoredTimestamp(at, 0);", q);
        Assert.DoesNotContain("StoredNumeric", q); // only the partition key is routed

        // ...and a numeric key the column cannot hold still fails before the database is touched.
        Assert.Equal(3, run.Sources["Shop.R.Pgx.g.cs"].Split("_ = global::Pgx.PgxValues.StoredNumeric(row.Amount, 4, 1, TableName, \"amount\");").Length - 1);
    }
}
