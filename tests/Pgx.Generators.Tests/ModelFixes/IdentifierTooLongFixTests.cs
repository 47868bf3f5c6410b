using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Pgx.Generators.CodeFixes.Model;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.ModelFixes;

/// <summary>PGX0012's fix: a shortened name, at most 63 bytes, readable, and unique among the compilation's names.</summary>
public sealed class IdentifierTooLongFixTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";
    private const string Long = "a_table_name_that_is_much_too_long_for_postgresql_identifiers_xyz";

    public IdentifierTooLongFixTests()
        : base("PGX0012")
    {
    }

    [Fact]
    public Task Names_written_in_attributes_are_shortened_and_stay_distinct() => VerifyFixAsync(
        Usings + $$"""
        [PgTable({|#0:"{{Long}}"|})]
        [PgIndex(nameof(Name), {|#1:Name = "{{Long}}_name_index"|})]
        public sealed record T(long Id, [property: PgColumn({|#2:"ééééééééééééééééééééééééééééééééé"|})] string Name);
        [PgTable({|#3:"{{Long.Replace("identifiers", "identifierss")}}"|})]
        public sealed record U(long Id);
        """,
        Usings + """
        [PgTable("a_table_name_that_is_much_too_long_for_postgresql_identifie_xyz")]
        [PgIndex(nameof(Name), Name = "a_table_name_that_is_much_too_long_for_postg_iden_xyz_name_inde")]
        public sealed record T(long Id, [property: PgColumn("ééééééééééééééééééééééééééééééé")] string Name);
        [PgTable("a_table_name_that_is_much_too_long_for_postgresql_identifie_x_2")]
        public sealed record U(long Id);
        """,
        IdentifierTooLongCodeFixProvider.Key,
        Diagnostic("PGX0012", 0, "table", Long, 65, "T"),
        Diagnostic("PGX0012", 1, "index", Long + "_name_index", 76, "T"),
        Diagnostic("PGX0012", 2, "column", "ééééééééééééééééééééééééééééééééé", 66, "T"),
        Diagnostic("PGX0012", 3, "table", Long.Replace("identifiers", "identifierss"), 66, "U"));

    [Fact]
    public Task Names_taken_from_the_record_and_its_properties_are_written_out_shortened() => VerifyFixAsync(
        Usings + """
        [{|#0:PgTable|}]
        public sealed record OrderLineItemsThatWereImportedFromTheLegacyWarehouseManagementSystem(long Id, int {|#1:QuantityThatWasOrderedByTheCustomerBeforeAnyAdjustmentsWereApplied|});
        """,
        Usings + """
        [PgTable("order_line_items_that_were_impor_from_the_legac_wareh_mana_syst")]
        public sealed record OrderLineItemsThatWereImportedFromTheLegacyWarehouseManagementSystem(long Id, [property: PgColumn("quanti_that_was_ordere_by_the_custom_befor_any_adjus_were_appli")] int QuantityThatWasOrderedByTheCustomerBeforeAnyAdjustmentsWereApplied);
        """,
        IdentifierTooLongCodeFixProvider.Key,
        Diagnostic("PGX0012", 0, "table", "order_line_items_that_were_imported_from_the_legacy_warehouse_management_system", 79, "OrderLineItemsThatWereImportedFromTheLegacyWarehouseManagementSystem"),
        Diagnostic("PGX0012", 1, "column", "quantity_that_was_ordered_by_the_customer_before_any_adjustments_were_applied", 77, "OrderLineItemsThatWereImportedFromTheLegacyWarehouseManagementSystem"));

    [Theory]
    [InlineData("a_table_name_that_is_much_too_long_for_postgresql_identifiers_xyz")]
    [InlineData("ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé")]
    [InlineData("x_👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍_y")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")]
    public void A_shortened_name_fits_is_deterministic_and_avoids_taken_names(string name)
    {
        var taken = new HashSet<string>();
        var first = IdentifierShortening.Shorten(name, taken);
        Assert.InRange(Encoding.UTF8.GetByteCount(first), 1, 63);
        Assert.Equal(first, IdentifierShortening.Shorten(name, new HashSet<string>()));
        Assert.Equal(name.Substring(0, 1), first.Substring(0, 1));

        taken.Add(first);
        var second = IdentifierShortening.Shorten(name, taken);
        Assert.NotEqual(first, second);
        Assert.InRange(Encoding.UTF8.GetByteCount(second), 1, 63);
        Assert.False(second.Any(char.IsSurrogate) && second.Count(char.IsHighSurrogate) != second.Count(char.IsLowSurrogate));
    }
}
