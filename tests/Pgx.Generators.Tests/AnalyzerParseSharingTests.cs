using System.Linq;
using System.Threading.Tasks;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// The model analyzer reports each record's problems and the table list (name collisions, the SQL rules' known
/// tables) keeps each record's model: both come from one parse of the record per compilation, not two.
/// </summary>
public sealed class AnalyzerParseSharingTests
{
    [Fact]
    public async Task The_analyzers_parse_each_record_once_per_compilation()
    {
        var compilation = TestCompilation.Create(new[] { Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange, ForeignModels.Declarations, ForeignModels.Records });

        Assert.Empty((await AnalyzerRun.DiagnosticsAsync(compilation)).Where(d => d.Id.StartsWith("PGX", System.StringComparison.Ordinal)));

        var records = SourceRecords.Of(compilation, default);
        Assert.True(records.Length >= 6, $"only {records.Length} table records");
        foreach (var record in records)
        {
            var parsed = SourceRecords.ParseOf(record.Type, compilation, default);
            Assert.NotNull(record.Spec);
            Assert.Same(parsed, SourceRecords.ParseOf(record.Type, compilation, default));
            Assert.Same(parsed.Spec, record.Spec);
        }
    }
}
