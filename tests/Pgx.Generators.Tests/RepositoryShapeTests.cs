using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// Repositories for the record shapes people write: each compiles without a warning, or is left out when the
/// record cannot have one (instead of generating code that does not compile).
/// </summary>
public sealed class RepositoryShapeTests
{
    [Fact]
    public void Records_of_every_supported_shape_get_a_repository_that_compiles_warning_free()
    {
        var run = GeneratorRun.Of("""
            using System;
            using Pgx;

            namespace Shapes;

            public enum Mood : byte { Calm, Cross }
            public enum Big : long { Huge = 1L << 40 }

            // keyword property names, a composite key holding the partition key, enums of odd widths
            [PgTable("keywords"), PartitionBy(nameof(@class), PartitionKind.List), ListPartition("k_a", "a"), ListPartition("k_b", "b")]
            public sealed record Keywords([property: PgKey] Guid @event, [property: PgKey] string @class, int @await, Mood Mood, Big? Big);

            // no primary constructor: init and set properties
            [PgTable("notes")]
            public sealed record Note
            {
                public long Id { get; init; }
                public string Text { get; init; } = "";
                public DateTimeOffset? At { get; set; }
                public string Computed => Text + "!";
            }

            // a record struct with an int sequence key
            [PgTable("points")]
            public readonly record struct Point([property: PgKey] int Id, double X, double Y);

            // an internal record, a jsonb override, a decimal range with open ends and a default
            [PgTable("docs"), PartitionBy(nameof(Score), PartitionKind.Range)]
            [RangePartition("docs_low", "MINVALUE", "0.5"), RangePartition("docs_high", "0.5", "MAXVALUE")]
            internal sealed record Doc([property: PgKey] long Id, decimal Score, [property: PgColumn(Type = "jsonb")] string Body);

            public static class Outer
            {
                [PgTable("nested_public")]
                public sealed record NestedPublic(long Id, short Small);

                [PgTable("nested_private")]
                private sealed record NestedPrivate(long Id);
            }

            // hash partitions: no computed partition, no PartitionOf
            [PgTable("hashed"), PartitionBy(nameof(Tenant), PartitionKind.Hash), HashPartitions(3)]
            public sealed record Hashed(long Id, Guid Tenant, DateOnly Day, TimeOnly At, byte[] Blob, bool Flag, float F);
            """,
            """
            using Pgx;

            [PgTable("global_things")]
            public sealed record GlobalThing([property: PgKey(UseSequence = false)] long Id, string Name);
            """);

        Assert.Empty(run.CompilationDiagnostics);
        var strict = run.Output.WithOptions(run.Output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error).WithWarningLevel(9999));
        Assert.Empty(strict.GetDiagnostics().Where(d => d.Location.SourceTree?.FilePath.EndsWith(".Pgx.g.cs", System.StringComparison.Ordinal) == true));

        Assert.Equal(
            new[] { "GlobalThing.Pgx.g.cs", "Shapes.Doc.Pgx.g.cs", "Shapes.Hashed.Pgx.g.cs", "Shapes.Keywords.Pgx.g.cs", "Shapes.Note.Pgx.g.cs", "Shapes.Outer.NestedPublic.Pgx.g.cs", "Shapes.Point.Pgx.g.cs" },
            run.Sources.Keys.Where(k => k != "PgxSchema.g.cs").OrderBy(k => k, System.StringComparer.Ordinal));

        var keywords = run.Sources["Shapes.Keywords.Pgx.g.cs"];
        Assert.Contains("FindAsync(global::System.Guid @event, string @class, global::System.Threading.CancellationToken cancellationToken = default)", keywords);
        Assert.Contains("TypedValue = (int)row.Mood", keywords);
        Assert.Contains("TypedValue = (long?)row.Big", keywords);
        Assert.DoesNotContain("nextval", keywords);

        Assert.Contains("internal sealed partial class DocRepository", run.Sources["Shapes.Doc.Pgx.g.cs"]);
        Assert.Contains("DataTypeName = \"jsonb\"", run.Sources["Shapes.Doc.Pgx.g.cs"]);
        Assert.Contains("return new global::Shapes.Note\n", run.Sources["Shapes.Note.Pgx.g.cs"]);
        Assert.DoesNotContain("Computed =", run.Sources["Shapes.Note.Pgx.g.cs"]);
        Assert.Contains("checked((int)keys[i])", run.Sources["Shapes.Point.Pgx.g.cs"]);
        Assert.DoesNotContain("PartitionOf", run.Sources["Shapes.Hashed.Pgx.g.cs"]);
        Assert.Contains("FROM public.hashed WHERE id = $1 AND tenant = $2", run.Sources["Shapes.Hashed.Pgx.g.cs"]);
    }

    [Fact]
    public void Repositories_compile_under_csharp_9()
    {
        var run = GeneratorRun.Of(LanguageVersion.CSharp9, """
            using System;
            using Pgx;

            namespace Shapes
            {
                [PgTable("t"), PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger), ListPartition("t1", 1), DefaultPartition("t_other")]
                public sealed record T([property: PgKey] long Id, int P, string? Value, DateTime At, DateTimeOffset? When);
            }
            """);

        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("Shapes.T.Pgx.g.cs", run.Sources.Keys);
    }
}
