using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Pgx.Benchmarks;

/// <summary>
/// The targets Pgx's repositories are held to, as throughput ratios (operations per second), from one run's medians: on a shared
/// machine the median resists the bursts of other load that drag a mean.
/// </summary>
internal static class Ratios
{
    private static readonly (string Target, string Pgx, string Other, double AtLeast)[] Targets =
    {
        ("InsertAsync (trigger) vs plain INSERT … RETURNING", nameof(InsertBenchmarks.PgxInsertAsyncTrigger), nameof(InsertBenchmarks.PlainInsertReturning), 0.9),
        ("InsertAsync (trigger) vs the currval recipe", nameof(InsertBenchmarks.PgxInsertAsyncTrigger), nameof(InsertBenchmarks.CurrvalReadBack), 100),
        ("InsertAsync (trigger) vs the 3-round-trip nextval recipe", nameof(InsertBenchmarks.PgxInsertAsyncTrigger), nameof(InsertBenchmarks.NextvalThreeRoundTrips), 1.6),
        ("InsertAsync (trigger) vs hand-written child INSERT", nameof(InsertBenchmarks.PgxInsertAsyncTrigger), nameof(InsertBenchmarks.ChildInsertNextvalReturning), 0.9),
        ("InsertAsync (declarative) vs plain INSERT … RETURNING", nameof(InsertBenchmarks.PgxInsertAsyncDeclarative), nameof(InsertBenchmarks.PlainInsertReturning), 0.9),
        ("InsertAsync (declarative) vs the currval recipe", nameof(InsertBenchmarks.PgxInsertAsyncDeclarative), nameof(InsertBenchmarks.CurrvalReadBack), 100),
        ("InsertAsync (declarative) vs the 3-round-trip nextval recipe", nameof(InsertBenchmarks.PgxInsertAsyncDeclarative), nameof(InsertBenchmarks.NextvalThreeRoundTrips), 1.6),
        ("InsertAsync (declarative) vs hand-written declarative INSERT … RETURNING", nameof(InsertBenchmarks.PgxInsertAsyncDeclarative), nameof(InsertBenchmarks.DeclarativeInsertReturning), 0.9),
        ("InsertManyAsync (trigger) vs raw binary COPY, {0} rows", nameof(BulkBenchmarks.PgxInsertManyAsyncTrigger), nameof(BulkBenchmarks.RawBinaryCopyUnpartitioned), 0.8),
        ("InsertManyAsync (declarative) vs raw binary COPY, {0} rows", nameof(BulkBenchmarks.PgxInsertManyAsyncDeclarative), nameof(BulkBenchmarks.RawBinaryCopyUnpartitioned), 0.8),
        ("InsertManyAsync (trigger) vs raw binary COPY into the same 25 children, {0} rows (reference)", nameof(BulkBenchmarks.PgxInsertManyAsyncTrigger), nameof(BulkBenchmarks.RawBinaryCopyTriggerChildren), 0),
        ("InsertManyAsync (declarative) vs raw binary COPY into the same parent, {0} rows (reference)", nameof(BulkBenchmarks.PgxInsertManyAsyncDeclarative), nameof(BulkBenchmarks.RawBinaryCopyDeclarativeParent), 0),
        ("ImportAsync (trigger) vs hand-written binary COPY into the same 2 children, {0} rows", nameof(ImportBenchmarks.PgxImportAsync), nameof(ImportBenchmarks.HandWrittenCopyIntoChildren), 0.95),
        ("InsertManyAsync (trigger) vs hand-written binary COPY into the same 2 children, {0} rows (reference)", nameof(ImportBenchmarks.PgxInsertManyAsync), nameof(ImportBenchmarks.HandWrittenCopyIntoChildren), 0),
        ("UpsertManyAsync (trigger) vs hand-written COPY + INSERT … ON CONFLICT per child, {0} rows (reference)", nameof(UpsertManyBenchmarks.PgxUpsertManyAsync), nameof(UpsertManyBenchmarks.HandCopyInsertOnConflict), 0),
        ("hand-written COPY + MERGE per child vs COPY + INSERT … ON CONFLICT, {0} rows (reference)", nameof(UpsertManyBenchmarks.HandCopyMerge), nameof(UpsertManyBenchmarks.HandCopyInsertOnConflict), 0),
        ("FindAsync (trigger) vs unpartitioned primary-key lookup", nameof(FindBenchmarks.PgxFindAsyncTrigger), nameof(FindBenchmarks.PlainPrimaryKeyLookup), 0.9),
        ("FindAsync (declarative) vs unpartitioned primary-key lookup", nameof(FindBenchmarks.PgxFindAsyncDeclarative), nameof(FindBenchmarks.PlainPrimaryKeyLookup), 0.9),
    };

    /// <summary>Operations per second of each benchmark (and batch size), then the target ratios, as markdown.</summary>
    public static string Render(IReadOnlyList<Summary> summaries)
    {
        var medians = summaries.SelectMany(s => s.Reports)
            .Where(r => r.Success && r.ResultStatistics is not null)
            .GroupBy(r => Key(r.BenchmarkCase.Descriptor.WorkloadMethod.Name, Rows(r)))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ResultStatistics!.N).First().ResultStatistics!.Median); // several jobs: the longest

        var text = new StringBuilder();
        text.AppendLine("| recipe | median | operations/s |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (key, median) in medians.OrderBy(m => m.Key, System.StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {Format(median)} | {1e9 / median:N1} |");
        }

        text.AppendLine();
        text.AppendLine("| target (throughput ratio) | measured | needed | met |");
        text.AppendLine("|---|---:|---:|---|");
        foreach (var (target, pgx, other, atLeast) in Targets)
        {
            foreach (var rows in target.Contains("{0}", System.StringComparison.Ordinal) ? BatchSizes(medians.Keys, pgx) : new int?[] { null })
            {
                var name = string.Format(CultureInfo.InvariantCulture, target, rows?.ToString("N0", CultureInfo.InvariantCulture));
                if (!medians.TryGetValue(Key(pgx, rows), out var pgxMean) || !medians.TryGetValue(Key(other, rows), out var otherMean))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | not run | ≥ {atLeast} | |");
                    continue;
                }

                var ratio = otherMean / pgxMean;
                var verdict = atLeast > 0 ? string.Format(CultureInfo.InvariantCulture, "≥ {0}× | {1}", atLeast, ratio >= atLeast ? "yes" : "**no**") : " |";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {ratio:0.00}× | {verdict} |");
            }
        }

        return text.ToString();
    }

    /// <summary>The batch sizes <paramref name="method"/> ran with (10,000 and 100,000 when it did not run, to say so).</summary>
    private static IEnumerable<int?> BatchSizes(IEnumerable<string> keys, string method)
    {
        var prefix = method + " (";
        var sizes = keys.Where(k => k.StartsWith(prefix, System.StringComparison.Ordinal))
            .Select(k => (int?)int.Parse(k.Substring(prefix.Length).Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .OrderBy(n => n)
            .ToList();
        return sizes.Count > 0 ? sizes : new int?[] { 10_000, 100_000 };
    }

    private static int? Rows(BenchmarkReport report) =>
        report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(BulkBenchmarks.Rows))?.Value as int?;

    private static string Key(string method, int? rows) => rows is null ? method : method + " (" + rows.Value.ToString("N0", CultureInfo.InvariantCulture) + " rows)";

    private static string Format(double nanoseconds) => nanoseconds >= 1e6
        ? (nanoseconds / 1e6).ToString("N2", CultureInfo.InvariantCulture) + " ms"
        : (nanoseconds / 1e3).ToString("N1", CultureInfo.InvariantCulture) + " µs";
}
