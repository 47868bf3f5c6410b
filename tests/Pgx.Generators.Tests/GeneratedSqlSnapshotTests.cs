using System.Linq;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>Golden files of the generated SQL and C#: every change to output is reviewed as a diff.</summary>
public sealed class GeneratedSqlSnapshotTests
{
    [Theory]
    [InlineData(nameof(Models.TriggerList), Models.TriggerList)]
    [InlineData(nameof(Models.Events), Models.Events)]
    [InlineData(nameof(Models.Readings), Models.Readings)]
    [InlineData(nameof(Models.Plain), Models.Plain)]
    [InlineData(nameof(Models.TriggerRange), Models.TriggerRange)]
    public void Generated_sql_matches_snapshot(string name, string source)
    {
        var run = GeneratorRun.Of(source);

        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match(name + ".sql", run.SchemaSql);
    }

    [Fact]
    public void Generated_schema_class_matches_snapshot()
    {
        var run = GeneratorRun.Of(Models.TriggerList);

        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match("PgxSchema.TriggerList.cs", run.Sources["PgxSchema.g.cs"]);
    }

    [Theory]
    [InlineData(nameof(Models.TriggerList), Models.TriggerList, "Shop.T.Pgx.g.cs")]
    [InlineData(nameof(Models.Events), Models.Events, "Telemetry.Event.Pgx.g.cs")]
    public void Generated_repository_matches_snapshot(string name, string source, string hintName)
    {
        var run = GeneratorRun.Of(source);

        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match("Repository." + name + ".cs", run.Sources[hintName]);
    }

    [Fact]
    public void All_models_together_compile_without_warnings_and_order_by_schema_then_name()
    {
        var run = GeneratorRun.Of(Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange);

        Assert.Empty(run.CompilationDiagnostics);
        var sql = run.SchemaSql;
        var order = new[] { "CREATE SCHEMA IF NOT EXISTS ledger", "CREATE SCHEMA IF NOT EXISTS sales", "CREATE SCHEMA IF NOT EXISTS telemetry", "-- ledger.entries", "-- public.sensor_reading", "-- public.t ", "-- sales.\"Order\"", "-- telemetry.events" }
            .Select(marker => sql.IndexOf(marker, System.StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.OrderBy(i => i), order);
    }
}
