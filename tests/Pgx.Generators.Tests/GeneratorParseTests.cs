using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// The generator parses records without keeping problems (no location looked up, nothing explained); the analyzers
/// parse them with every problem. Both must come to the same model, and to the same "skip" for a record with errors.
/// </summary>
public sealed class GeneratorParseTests
{
    private const string Broken = """
        using Pgx;

        namespace Shop;

        [PgTable("broken")]
        [PartitionBy(nameof(Missing), PartitionKind.List)]
        [ListPartition("broken_1", 1)]
        public sealed record Broken([property: PgKey] long Id, int P);

        [PgTable("warned")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("warned_1", 1)]
        [PgIndex(nameof(Name), Unique = true)]
        public sealed record Warned([property: PgKey] long Id, int P, string Name);
        """;

    [Fact]
    public void The_generator_and_the_analyzers_parse_every_record_to_the_same_model()
    {
        var compilation = TestCompilation.Create(new[] { Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange, ForeignModels.Declarations, ForeignModels.Records, Broken });
        var records = compilation.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax>()
                .Select(record => (INamedTypeSymbol)compilation.GetSemanticModel(tree).GetDeclaredSymbol(record)!))
            .Where(ModelParser.IsTableModel)
            .ToList();
        Assert.True(records.Count >= 8, $"only {records.Count} table records");

        foreach (var record in records)
        {
            var full = ModelParser.Parse(record, default);
            var generator = ModelParser.SpecOf(record, default);
            Assert.Equal(full.Spec, generator);
            Assert.Equal(full.Problems.Any(p => p.Descriptor.DefaultSeverity == DiagnosticSeverity.Error), generator is null);
        }

        var broken = ModelParser.Parse(records.Single(r => r.Name == "Broken"), default);
        Assert.Null(broken.Spec);
        Assert.Contains(broken.Problems, p => p.Location is { IsInSource: true } location && location.SourceTree!.ToString().Substring(location.SourceSpan.Start, location.SourceSpan.Length) == "nameof(Missing)");
        var warned = ModelParser.Parse(records.Single(r => r.Name == "Warned"), default);
        Assert.NotNull(warned.Spec);
        Assert.Contains(warned.Problems, p => p.Descriptor.DefaultSeverity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void A_list_for_the_generator_keeps_no_problem_but_knows_there_was_an_error()
    {
        var errorsOnly = ProblemList.ErrorsOnly();
        errorsOnly.Add(Descriptors.TriggerRoutedUniqueIndex, Location.None, "name", "public.t", "T.P");
        Assert.False(errorsOnly.HasErrors);
        errorsOnly.Add(Descriptors.UnknownPartitionKey, Location.None, "Missing", "T");

        Assert.True(errorsOnly.HasErrors);
        Assert.False(errorsOnly.KeepsProblems);
        Assert.Empty(errorsOnly.ToImmutable());
    }

    [Fact]
    public void Type_names_taken_without_SymbolDisplay_are_the_ones_SymbolDisplay_writes()
    {
        const string Types = """
            using System;

            namespace Shop;

            public enum Color { Red }

            public sealed record Enabled(bool A, short B, int C, long D, string E, string? F, decimal G, double H, float I, DateTime J,
                Guid K, DateTimeOffset L, DateOnly M, TimeOnly N, int? O, Guid? P, DateTime? Q, byte[] R, byte[]? S, Color T, Color? U, object V, Uri? W);

            #nullable disable
            public sealed record Oblivious(string A, int? B, Guid C, object D);
            """;
        var compilation = TestCompilation.Create(new[] { Types });
        var properties = new[] { "Shop.Enabled", "Shop.Oblivious" }
            .SelectMany(name => compilation.GetTypeByMetadataName(name)!.GetMembers().OfType<IPropertySymbol>())
            .Where(p => p.Name != "EqualityContract")
            .ToList();
        Assert.Equal(27, properties.Count);

        Assert.All(properties, p => Assert.Equal(p.Type.ToDisplayString(TypeNames.Format), TypeNames.Of(p.Type)));
    }

    [Fact]
    public void Columns_and_required_members_read_from_syntax_come_in_the_order_GetMembers_gives()
    {
        // The parser reads a record declared in one place from its syntax (GetMembers() sorts every member by location,
        // which costs more than the rest of the parse); partial records fall back. The order must be GetMembers()'s.
        const string Shapes = """
            using System;
            using Pgx;

            namespace Shop;

            public record BaseRow(string Tenant)
            {
                public required DateTime Created { get; init; }
                public int Version { get; set; }
            }

            [PgTable("derived")]
            public sealed record Derived([property: PgKey] long Id, string Name) : BaseRow("t")
            {
                public string? Note { get; init; }
                public required string Owner;
            }

            [PgTable("redeclared")]
            public sealed record Redeclared(long Id, string @class, int Count)
            {
                public decimal Price { get; init; }
                public long Id { get; init; } = Id;
                public int Count = Count;
                public string this[int i] => "";
                public static int Shared { get; set; }
                private int Hidden { get; set; }
                public string Computed => @class + Price;
            }

            [PgTable("split")]
            public sealed partial record Split([property: PgKey] long Id, string B)
            {
                public string? D { get; init; }
            }

            public sealed partial record Split
            {
                public string? A { get; init; }
            }

            public sealed class Outer
            {
                [PgTable("nested")]
                public sealed record Nested(long Id, Guid Z, Guid Y);
            }
            """;
        const string MorePartial = """
            namespace Shop;

            public sealed partial record Split
            {
                public string? C { get; init; }
            }
            """;
        var compilation = TestCompilation.Create(new[] { Shapes, MorePartial });
        foreach (var name in new[] { "Shop.Derived", "Shop.Redeclared", "Shop.Split", "Shop.Outer+Nested" })
        {
            var record = compilation.GetTypeByMetadataName(name)!;
            var spec = ModelParser.SpecOf(record, default);
            Assert.NotNull(spec);

            var declared = new[] { record, record.BaseType! }.Where(t => t.SpecialType != SpecialType.System_Object && t.Name != "Object").Reverse().ToList();
            var expectedColumns = declared.SelectMany(t => t.GetMembers()).OfType<IPropertySymbol>()
                .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public && p.GetMethod is not null && p.Name != "EqualityContract")
                .Select(p => p.Name)
                .Distinct()
                .ToList();
            var expectedRequired = declared.SelectMany(t => t.GetMembers())
                .Where(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                .Select(m => m.Name)
                .ToList();
            Assert.Equal(expectedColumns, spec!.Columns.Select(c => c.PropertyName).ToList());
            Assert.Equal(expectedRequired, spec.RequiredMembers.ToList());
        }

        var redeclared = ModelParser.SpecOf(compilation.GetTypeByMetadataName("Shop.Redeclared")!, default)!;
        Assert.Equal(new[] { "class", "Price", "Id", "Computed" }, redeclared.Columns.Select(c => c.PropertyName).ToArray());
        var derived = ModelParser.SpecOf(compilation.GetTypeByMetadataName("Shop.Derived")!, default)!;
        Assert.Equal(new[] { "Tenant", "Created", "Version", "Id", "Name", "Note" }, derived.Columns.Select(c => c.PropertyName).ToArray());
        Assert.Equal(new[] { "Created", "Owner" }, derived.RequiredMembers.ToArray());
    }

    [Fact]
    public void Attributes_are_read_wherever_they_are_written_although_members_without_any_are_not_bound()
    {
        // The parser skips binding attributes for members whose declaration has none; every place one can be written
        // must still be read.
        const string Placed = """
            using System;
            using Pgx;

            namespace Shop;

            [PgTable("placed")]
            public sealed record Placed(
                [PgKey] long Id,
                [PgColumn("p_name")] string Name,
                [property: PgColumn("p_note")] string Note,
                [param: PgColumn("p_kind")] int Kind,
                [field: NonSerialized] int Plain,
                string Redeclared)
            {
                [PgColumn("p_total")] public decimal Total { get; init; }
                [property: PgColumn("p_count")] public int Count { get; init; }
                [field: NonSerialized] public int Bare { get; init; }
                [PgIgnore] public int Ignored { get; init; }
                [PgColumn("p_redeclared")] public string Redeclared { get; init; } = Redeclared;
            }
            """;
        var compilation = TestCompilation.Create(new[] { Placed });
        var spec = ModelParser.SpecOf(compilation.GetTypeByMetadataName("Shop.Placed")!, default);
        Assert.NotNull(spec);
        Assert.Equal(
            new[] { "Id:id", "Name:p_name", "Note:p_note", "Kind:p_kind", "Plain:plain", "Total:p_total", "Count:p_count", "Bare:bare", "Redeclared:p_redeclared" },
            spec!.Columns.Select(c => c.PropertyName + ":" + c.ColumnName).ToArray());
        Assert.Equal(new[] { "Id" }, spec.Columns.Where(c => c.IsKey).Select(c => c.PropertyName).ToArray());
    }
}
