using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;
using Pgx.Generators.Sql;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// The generator parses every table record again on every keystroke (each keystroke is a new compilation), so
/// what a parse does beyond reading what Roslyn has bound is paid per record per keystroke. These tests hold the
/// parse's shortcuts to the answers of the general paths they skip, and its allocation to a budget: bytes allocated
/// on one thread, which the machine's load does not move the way it moves time.
/// </summary>
public sealed class ParseCostTests
{
    /// <summary>The record mix of the keystroke benchmark: a plain table, LIST with a trigger, RANGE by date, HASH.</summary>
    private static string Record(int i) => (i % 4) switch
    {
        0 => $"using System; using Pgx; namespace Models.N{i}; [PgTable(\"model_{i}\")] [PgIndex(nameof(Name))] public sealed record M{i}([property: PgKey] long Id, string Name, decimal Amount, DateTimeOffset At);",
        1 => $"using System; using Pgx; namespace Models.N{i}; [PgTable(\"model_{i}\")] [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)] [ListPartition(\"model_{i}_a\", 1, 2)] [ListPartition(\"model_{i}_b\", 3)] [DefaultPartition(\"model_{i}_rest\")] public sealed record M{i}([property: PgKey] long Id, int P, string? Value);",
        2 => $"using System; using Pgx; namespace Models.N{i}; [PgTable(\"model_{i}\")] [PartitionBy(nameof(At), PartitionKind.Range)] [RangePartition(\"model_{i}_2026_10\", \"2026-10-01\", \"2026-11-01\")] [RangePartition(\"model_{i}_2026_11\", \"2026-11-01\", \"2026-12-01\")] public sealed record M{i}([property: PgKey] long Id, DateTimeOffset At, Guid Device);",
        _ => $"using System; using Pgx; namespace Models.N{i}; [PgTable(\"model_{i}\")] [PartitionBy(nameof(SensorId), PartitionKind.Hash)] [HashPartitions(4)] public sealed record M{i}([property: PgKey] long Id, long SensorId, double Value);",
    };

    [Fact]
    public void Parsing_a_bound_record_again_allocates_a_few_kilobytes()
    {
        const int Records = 40;
        const int Rounds = 5;
        var compilation = TestCompilation.Create(Enumerable.Range(0, Records).Select(Record).ToArray());
        var records = Enumerable.Range(0, Records).Select(i => compilation.GetTypeByMetadataName($"Models.N{i}.M{i}")!).ToList();
        foreach (var record in records)
        {
            Assert.NotNull(ModelParser.SpecOf(record, default)); // binds the record, as the keystroke's floor does
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var record in records)
            {
                ModelParser.SpecOf(record, default);
            }
        }

        var perRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(Records * Rounds);

        // About 4.2 KB per record; 5.5 KB when every read of a symbol's locations, a constructor's parameters or an
        // annotated property type made new objects, type names went through a regex, a split and a join, and the spec
        // was built twice; 12 KB when every attribute lookup built a closure, every record was named by SymbolDisplay
        // and the members were fetched (a new array each time) once per use.
        Assert.True(perRecord < 4_800, $"a parse of a bound record allocated {perRecord:0} bytes");
    }

    [Theory]
    [InlineData("bigint")]
    [InlineData("double precision")]
    [InlineData("timestamptz")]
    [InlineData("character varying")]
    public void A_type_name_without_modifiers_is_its_own_base_name(string pgType)
    {
        // The parser asks this for every partition value's key column on every keystroke.
        Assert.Same(pgType, SqlTypeNames.BaseTypeName(pgType));
        Assert.Empty(SqlTypeNames.TypeModifiers(pgType));
    }

    [Theory]
    [InlineData("Timestamp(3) With Time Zone", "timestamp with time zone")]
    [InlineData(" text", "text")]
    [InlineData("text ", "text")]
    [InlineData("double  precision", "double precision")]
    [InlineData("double\tprecision", "double precision")]
    [InlineData("numeric(12,2)", "numeric")]
    [InlineData("BIGINT", "bigint")]
    public void A_type_name_the_shortcut_does_not_take_is_still_reduced_to_its_base_name(string pgType, string baseName) =>
        Assert.Equal(baseName, SqlTypeNames.BaseTypeName(pgType));

    [Fact]
    public void Record_and_namespace_names_taken_without_SymbolDisplay_are_the_ones_SymbolDisplay_writes()
    {
        const string Types = """
            public sealed record Global(long Id);

            namespace Shop.Orders
            {
                public sealed record Order(long Id);

                public static class Outer
                {
                    public sealed class Middle
                    {
                        public sealed record Inner(long Id);
                    }
                }

                public sealed record Generic<T>(long Id);

                public static class GenericOuter<T>
                {
                    public sealed record Nested(long Id);
                }
            }

            namespace @class.Inner
            {
                public sealed record @event(long Id);
            }

            namespace Plain
            {
                public sealed record @int(long Id);
            }
            """;
        var compilation = TestCompilation.Create(new[] { Types });
        var types = new[] { "Global", "Shop.Orders.Order", "Shop.Orders.Outer+Middle+Inner", "Shop.Orders.Generic`1", "Shop.Orders.GenericOuter`1+Nested", "class.Inner.event", "Plain.int" }
            .Select(name => compilation.GetTypeByMetadataName(name) ?? throw new InvalidOperationException(name))
            .ToList();

        foreach (var type in types)
        {
            var ns = TypeNames.Namespace(type.ContainingNamespace);
            Assert.Equal(type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(), ns);
            Assert.Equal(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), TypeNames.FullyQualified(type, ns));
        }
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-01T00:00:00+00:00")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00+00:00")]
    [InlineData("1970-01-01", "1970-01-01T00:00:00+00:00")]
    [InlineData("2026-11-01T01:00:00+01:00", "2026-11-01T00:00:00+00:00")]
    [InlineData("2026-02-29", null)]
    [InlineData("0000-01-01", null)]
    [InlineData("2026-13-01", null)]
    [InlineData("2026-1-01", null)]
    [InlineData("2026/11/01", null)]
    [InlineData("\uFF12\uFF10\uFF12\uFF16-11-01", null)]
    public void A_DateTimeOffset_bound_written_as_a_date_is_that_day_in_UTC(string bound, string? instant)
    {
        var source = $$"""
            using System;
            using Pgx;

            namespace Shop;

            [PgTable("events")]
            [PartitionBy(nameof(At), PartitionKind.Range)]
            [RangePartition("events_p", "{{bound}}", "MAXVALUE")]
            public sealed record Event([property: PgKey] long Id, DateTimeOffset At);
            """;
        var compilation = TestCompilation.Create(new[] { source });
        var parsed = ModelParser.Parse(compilation.GetTypeByMetadataName("Shop.Event")!, default);

        if (instant is null)
        {
            Assert.Null(parsed.Spec);
            Assert.Contains(parsed.Problems, p => p.Descriptor == Descriptors.InvalidPartitionValue);
            return;
        }

        Assert.True(parsed.Spec is not null, string.Join("; ", parsed.Problems.Select(p => p.ToDiagnostic().ToString())));
        var from = parsed.Spec!.Partitioning!.Partitions.Single().From!;
        var expected = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture).UtcTicks.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(expected, from.Value);
        Assert.Equal(bound, from.Display);
    }

    [Fact]
    public void Naming_a_column_allocates_only_its_name_and_type_names_are_the_known_constants()
    {
        var compilation = TestCompilation.Create(new[] { "using System; namespace M; public sealed record R(long SensorId, Guid? Device, string? Note, DateTimeOffset At, int? HTTPStatus);" });
        var properties = compilation.GetTypeByMetadataName("M.R")!.GetMembers().OfType<IPropertySymbol>().Where(p => p.Name != "EqualityContract").ToList();
        // Roslyn makes a new symbol for an annotated type on every read of Type: read before measuring.
        var propertyTypes = properties.Select(p => p.Type).ToList();
        foreach (var property in properties)
        {
            Names.ToSnakeCase(property.Name);
        }

        var columns = new string[properties.Count];
        var types = new string[properties.Count];
        var propertyNames = properties.Select(p => p.Name).ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < properties.Count; i++)
        {
            columns[i] = Names.ToSnakeCase(propertyNames[i]);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        for (var i = 0; i < properties.Count; i++)
        {
            types[i] = TypeNames.Of(propertyTypes[i]);
        }

        Assert.Equal(new[] { "sensor_id", "device", "note", "at", "http_status" }, columns);
        Assert.Equal(new[] { "long", "global::System.Guid?", "string?", "global::System.DateTimeOffset", "int?" }, types);

        // A string is its header (24 bytes on 64 bits) and its characters, rounded up to 8 bytes; a StringBuilder and
        // its chunk per name would add far more than the rounding allows.
        var names = columns.Sum(c => 32 + (2 * c.Length));
        Assert.True(allocated <= names, $"naming {properties.Count} columns allocated {allocated} bytes; their names alone take up to {names}");
    }
}
