using System.Threading.Tasks;
using Pgx.Generators.CodeFixes.Model;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.ModelFixes;

/// <summary>PGX0011's fix: [PgKey] on the property the user picks, likeliest first; the fixed code compiles and the rule is gone.</summary>
public sealed class MissingKeyFixTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public MissingKeyFixTests()
        : base("PGX0011")
    {
    }

    [Fact]
    public Task Marks_the_chosen_positional_property_in_every_record_of_the_document() => VerifyFixAsync(
        Usings + """
        [PgTable]
        public sealed record {|#0:Order|}(long Number, string Customer);
        [PgTable]
        public sealed record {|#1:Invoice|}(string Customer, long Number);
        """,
        Usings + """
        [PgTable]
        public sealed record Order([property: PgKey] long Number, string Customer);
        [PgTable]
        public sealed record Invoice(string Customer, [property: PgKey] long Number);
        """,
        MissingKeyCodeFixProvider.Key + ".Number",
        Diagnostic("PGX0011", 0, "Order"),
        Diagnostic("PGX0011", 1, "Invoice"));

    [Fact]
    public async Task Offers_every_non_nullable_property_with_names_ending_in_Id_first_and_marks_a_declared_property()
    {
        var test = Test(
            Usings + """
            [PgTable]
            public sealed record {|#0:Line|}(string Text, long Position, Guid OrderId, string? Note)
            {
                public int Quantity { get; init; }
            }
            """,
            Diagnostic("PGX0011", 0, "Line"));
        test.FixedCode = Usings + """
            [PgTable]
            public sealed record Line(string Text, long Position, Guid OrderId, string? Note)
            {
                [PgKey]
                public int Quantity { get; init; }
            }
            """;

        // OrderId, Position, Quantity, Text: Note is nullable and cannot be a primary key.
        test.CodeActionIndex = 2;
        test.CodeActionEquivalenceKey = MissingKeyCodeFixProvider.Key + ".Quantity";
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_marks_the_only_possible_key_of_each_record() => VerifyPartialFixAsync(
        Usings + """
        [PgTable]
        public sealed record {|#0:Order|}(long Number, string? Note);
        [PgTable]
        public sealed record {|#1:Invoice|}(Guid Reference);
        [PgTable]
        public sealed record {|#2:Both|}(long Number, Guid Reference);
        """,
        Usings + """
        [PgTable]
        public sealed record Order([property: PgKey] long Number, string? Note);
        [PgTable]
        public sealed record Invoice([property: PgKey] Guid Reference);
        [PgTable]
        public sealed record {|PGX0011:Both|}(long Number, Guid Reference);
        """,
        MissingKeyCodeFixProvider.Key,
        Diagnostic("PGX0011", 0, "Order"),
        Diagnostic("PGX0011", 1, "Invoice"),
        Diagnostic("PGX0011", 2, "Both"));

    [Fact]
    public Task The_first_action_is_the_property_named_like_a_key() => VerifyFixAsync(
        Usings + """
        [PgTable]
        public sealed record {|#0:Line|}(string Text, Guid OrderId);
        """,
        Usings + """
        [PgTable]
        public sealed record Line(string Text, [property: PgKey] Guid OrderId);
        """,
        MissingKeyCodeFixProvider.Key + ".OrderId",
        Diagnostic("PGX0011", 0, "Line"));
}
