using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>The rolling-partition rules (PGX0031–PGX0037, PGX0039) fire where the mistake is written, and a valid rolling set is silent.</summary>
public sealed class RollingDiagnosticsTests : RuleTests
{
    private const string Usings = "using System; using Pgx;\n";

    public RollingDiagnosticsTests()
        : base(ModelRules)
    {
    }

    [Theory]
    [InlineData("DateTimeOffset", "\"1 month\", Premake = 3, Retain = \"6 months\", Start = \"2026-01-01\"")]
    [InlineData("DateOnly", "\"1 day\", Start = \"2026-01-01\"")]
    [InlineData("DateTime", "\"1 week\", Start = \"2026-01-05\"")]
    [InlineData("DateTimeOffset", "\"3 months\", Start = \"2026-04-01\", RetentionMode = PartitionRetention.Drop, Retain = \"1 year\"")]
    [InlineData("long", "\"100000\", Start = \"0\", Retain = \"500000\"")]
    [InlineData("int", "\"1000\"")]
    [InlineData("DateTimeOffset", "\"1 day\", Schedule = \"*/15 * * * *\"")]
    [InlineData("DateTimeOffset", "\"1 day\", Schedule = \"0 3 * * mon-fri\"")]
    [InlineData("DateTimeOffset", "\"1 day\", Schedule = \"5,35 */2 1-15 jan,jul *\"")]
    [InlineData("DateTimeOffset", "\"1 day\", Schedule = \"@hourly\"")]
    [InlineData("DateTimeOffset", "\"1 day\", Schedule = \"30 seconds\"")]
    public Task Valid_rolling_sets_report_nothing(string keyType, string arguments) => VerifyAsync(Usings + $$"""
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions({{arguments}}), DefaultPartition("metrics_default")]
        public sealed record Metric([property: PgKey] long Id, {{keyType}} At, double Value);
        """);

    [Fact]
    public Task Fixed_partitions_before_Start_report_nothing() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 month", Start = "2026-01-01")]
        [RangePartition("metrics_old", "MINVALUE", "2026-01-01")]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """);

    [Fact]
    public Task PGX0031_interval_that_is_not_an_interval() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions({|#0:"1 fortnight"|})]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        [PgTable("counters"), PartitionBy(nameof(N), PartitionKind.Range), RollingPartitions("1000", {|#1:Retain = "1 month"|})]
        public sealed record Counter([property: PgKey] long Id, long N);
        """,
        Diagnostic("PGX0031", 0, "Metric", "the interval", "1 fortnight", "System.DateTimeOffset", "At", "'fortnight' is not a unit a time partition can span; use days, weeks, months or years"),
        Diagnostic("PGX0031", 1, "Counter", "Retain", "1 month", "long", "N", "an integer partition key needs a positive whole number such as \"100000\""));

    [Fact]
    public Task PGX0032_start_not_aligned() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 month", {|#0:Start = "2026-01-15"|})]
        public sealed record Metric([property: PgKey] long Id, DateOnly At);
        [PgTable("weekly"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 week", {|#1:Start = "2026-01-01"|})]
        public sealed record Weekly([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0032", 0, "Metric", "2026-01-15", "1 month", "0001-01-01, weeks from Monday", "2026-01-01"),
        Diagnostic("PGX0032", 1, "Weekly", "2026-01-01", "1 week", "0001-01-01, weeks from Monday", "2025-12-29"));

    [Fact]
    public Task PGX0033_retain_shorter_than_interval() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 month", {|#0:Retain = "2 weeks"|})]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0033", 0, "Metric", "2 weeks", "1 month"));

    [Fact]
    public Task PGX0034_key_of_the_wrong_type_or_kind() => VerifyAsync(Usings + """
        [PgTable("a"), PartitionBy(nameof(P), PartitionKind.List), ListPartition("a1", 1), {|#0:RollingPartitions("1000")|}]
        public sealed record A([property: PgKey] long Id, int P);
        [PgTable("b"), PartitionBy(nameof(P), PartitionKind.Range), {|#1:RollingPartitions("10")|}]
        public sealed record B([property: PgKey] long Id, decimal P);
        [PgTable("c"), {|#2:RollingPartitions("1 day")|}]
        public sealed record C([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0034", 0, "A", "it is partitioned by LIST, and rolling partitions are ranges"),
        Diagnostic("PGX0034", 1, "B", "its key P is a decimal"),
        Diagnostic("PGX0034", 2, "C", "the record has no [PartitionBy]"));

    [Fact]
    public Task PGX0035_fixed_partition_overlapping_the_rolling_set() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 month", Start = "2026-01-01")]
        [{|#0:RangePartition("metrics_2026", "2025-12-01", "2026-02-01")|}]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        [PgTable("other"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 month")]
        [{|#1:RangePartition("other_old", "MINVALUE", "2026-01-01")|}]
        public sealed record Other([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0035", 0, "metrics_2026", "2025-12-01", "2026-02-01", "Metric", "start at 2026-01-01"),
        Diagnostic("PGX0035", 1, "other_old", "MINVALUE", "2026-01-01", "Other", "have no Start and so begin wherever the first maintenance finds \"now\""));

    [Fact]
    public Task PGX0036_premake_below_one() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 day", {|#0:Premake = 0|})]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0036", 0, "Metric", "Premake = 0 must be between 1 and 1000, so that the next partition exists before its first row arrives"));

    [Theory]
    [InlineData("DateTimeOffset", "\"1 month\", Premake = 3, Retain = \"6 months\", Start = \"2026-01-01\"")]
    [InlineData("DateOnly", "\"1 day\", Retain = \"30 days\", RetentionMode = PartitionRetention.Drop")]
    [InlineData("DateTime", "\"4 weeks\", Start = \"2026-01-05\"")]
    [InlineData("DateTimeOffset", "\"3 years\"")]
    [InlineData("long", "\"100000\", Start = \"0\"")]
    public Task pg_partman_sets_it_can_maintain_report_nothing(string keyType, string arguments) => VerifyAsync(Usings + $$"""
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions({{arguments}}, Maintainer = PartitionMaintainer.PgPartman), DefaultPartition("metrics_default")]
        public sealed record Metric([property: PgKey] long Id, {{keyType}} At, double Value);
        """);

    [Fact]
    public Task PGX0039_what_pg_partman_cannot_maintain() => VerifyAsync(Usings + """
        [PgTable("legacy"), PartitionBy(nameof(At), PartitionKind.Range, Routing = PartitionRouting.Trigger), RollingPartitions("1 day", {|#0:Maintainer = PartitionMaintainer.PgPartman|})]
        public sealed record Legacy([property: PgKey] long Id, DateTimeOffset At);
        [PgTable("weeks"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions({|#1:"5 weeks"|}, Maintainer = PartitionMaintainer.PgPartman)]
        public sealed record Weeks([property: PgKey] long Id, DateTimeOffset At);
        [PgTable("months"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions({|#2:"18 months"|}, Maintainer = PartitionMaintainer.PgPartman)]
        public sealed record Months([property: PgKey] long Id, DateTimeOffset At);
        [PgTable("decades"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions({|#3:"10 years"|}, Maintainer = PartitionMaintainer.PgPartman)]
        public sealed record Decades([property: PgKey] long Id, DateTimeOffset At);
        [PgTable("events"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 month", Maintainer = PartitionMaintainer.PgPartman), DefaultPartition({|#4:"events_overflow"|})]
        public sealed record Event([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0039", 0, "Legacy", "pg_partman 5 maintains declarative partitions only; remove Routing = PartitionRouting.Trigger or use Maintainer = PartitionMaintainer.Pgx"),
        Diagnostic("PGX0039", 1, "Weeks", "the interval \"5 weeks\" does not keep its bounds: pg_partman starts an interval of 30 days or more on the first of a month; use months, or fewer than 30 days"),
        Diagnostic("PGX0039", 2, "Months", "the interval \"18 months\" does not keep its bounds: pg_partman starts an interval of a year or more on the first of January; write it in years"),
        Diagnostic("PGX0039", 3, "Decades", "the interval \"10 years\" does not keep its bounds: pg_partman starts an interval of ten years or more at a decade; use fewer than 10 years"),
        Diagnostic("PGX0039", 4, "Event", "pg_partman makes the default partition and names it 'events_default'; write [DefaultPartition(\"events_default\")] or remove it"));

    [Fact]
    public Task PGX0012_pg_partman_names_over_63_bytes() => VerifyAsync(Usings + """
        [PgTable("pg_partman_names_run_two_bytes_longer_than_pgx_ones_x"), PartitionBy(nameof(At), PartitionKind.Range), {|#0:RollingPartitions("1 day", Maintainer = PartitionMaintainer.PgPartman)|}]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0012", 0, "rolling partition", "pg_partman_names_run_two_bytes_longer_than_pgx_ones_x_p9999_12_31", "65", "Metric"));

    [Theory]
    [InlineData("*/15 * * *", "it has 4 fields; write minute hour day-of-month month day-of-week, such as \"*/15 * * * *\"")]
    [InlineData("60 * * * *", "the minute field '60': '60' is not 0–59, '*', a range, a list or a step")]
    [InlineData("0 3 * * funday", "the day of week field 'funday': 'funday' is not 0–7 or a name (sun…), '*', a range, a list or a step")]
    [InlineData("*/0 * * * *", "the minute field '*/0': '*/0' needs a positive step after '/'")]
    [InlineData("0 5-2 * * *", "the hour field '5-2': the range '5-2' runs backwards")]
    [InlineData("@fortnightly", "'@fortnightly' is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @reboot")]
    [InlineData("90 seconds", "an interval in seconds must be from 1 to 59 seconds")]
    public Task PGX0037_a_schedule_pg_cron_would_refuse(string schedule, string reason) => VerifyAsync(Usings + $$"""
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 day", {|#0:Schedule = "{{schedule}}"|})]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0037", 0, "Metric", schedule, reason));

    [Fact]
    public Task PGX0036_a_schedule_on_a_set_pg_partman_maintains() => VerifyAsync(Usings + """
        [PgTable("metrics"), PartitionBy(nameof(At), PartitionKind.Range), RollingPartitions("1 day", Maintainer = PartitionMaintainer.PgPartman, {|#0:Schedule = "@hourly"|})]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0036", 0, "Metric", "Schedule runs Pgx's maintenance procedure, and pg_partman's background worker maintains this table; remove Schedule or use Maintainer = PartitionMaintainer.Pgx"));

    [Fact]
    public Task PGX0012_rolling_partition_names_over_63_bytes() => VerifyAsync(Usings + """
        [PgTable("a_table_name_that_is_long_enough_that_its_partitions_overflow"), PartitionBy(nameof(At), PartitionKind.Range), {|#0:RollingPartitions("1 day")|}]
        public sealed record Metric([property: PgKey] long Id, DateTimeOffset At);
        """,
        Diagnostic("PGX0012", 0, "rolling partition", "a_table_name_that_is_long_enough_that_its_partitions_overflow_p99991231", "71", "Metric"));
}
