using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Model;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>
/// <c>Maintainer = PartitionMaintainer.PgPartman</c> against the pg_partman installed beside the test server (4.x on
/// PostgreSQL 15 from Debian): the models are compiled through the generator and loaded, since every other test
/// assembly's <c>ApplyAsync</c> would otherwise need the extension too. pg_partman works from the real clock, so the
/// models' Start dates are written relative to today.
/// </summary>
public sealed class PgPartmanTests
{
    private static readonly DateTime Today = DateTime.UtcNow.Date;
    private static readonly DateTime ThisMonth = new(Today.Year, Today.Month, 1);
    private static readonly DateTime FirstMonth = ThisMonth.AddMonths(-5);
    private static readonly DateTime FirstDay = Today.AddDays(-10);

    [Fact]
    public async Task ApplyAsync_registers_the_sets_with_create_parent_and_a_second_apply_plans_nothing()
    {
        await using var db = await DatabaseWithPartmanAsync("partman_register");
        var model = ModelVersion.Compile(Model("PgPartman"));

        var report = await model.ApplyAsync(db);

        // Registered with 4.x's native type and the attribute's settings.
        Assert.Equal(
            new[] { "events.events|at|native|1 mon|3|3 months|t|t|t", "events.samples|day|native|1 day|2|3 days|f|t|t" },
            await db.ColumnAsync("SELECT concat_ws('|', parent_table, control, partition_type, partition_interval, premake, retention, retention_keep_table, infinite_time_partitions, ignore_default_data) FROM partman.part_config ORDER BY parent_table"));

        // pg_partman made the partitions, from Start through now plus premake, under its own names.
        var months = MonthsFrom(FirstMonth).TakeWhile(m => m < DateTime.UtcNow.AddMonths(3)).Select(m => "events_p" + m.ToString("yyyy_MM", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(months.Append("events_default").Order(StringComparer.Ordinal), await ChildrenAsync(db, "events"));
        var days = Enumerable.Range(0, 13).Select(i => "samples_p" + FirstDay.AddDays(i).ToString("yyyy_MM_dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(days.Append("samples_default").Order(StringComparer.Ordinal), await ChildrenAsync(db, "samples"));
        Assert.Equal(months.Concat(days).Select(n => "events." + n).Order(StringComparer.Ordinal), report.Maintenance!.Created.Order(StringComparer.Ordinal));

        // The repository inserts through the parent into pg_partman's partition; a month it has not made yet waits in the default.
        await InsertAsync(model, db, Today.AddHours(6));
        await InsertAsync(model, db, Today.AddYears(2));
        Assert.Equal("1", await CountAsync(db, $"SELECT count(*) FROM ONLY events.events_p{ThisMonth:yyyy_MM}"));
        Assert.Equal("1", await CountAsync(db, "SELECT count(*) FROM ONLY events.events_default"));

        // pg_partman's partitions are the set's, not drift; a second apply plans and changes nothing.
        var catalog = await CatalogAsync(db);
        var plan = await model.PlanAsync(db);
        Assert.True(plan.IsEmpty, string.Join("\n", plan.Steps.Select(s => s.Description)));
        var again = await model.ApplyAsync(db);
        Assert.True(again.Plan.IsEmpty);
        Assert.Empty(again.Maintenance!.Created);
        Assert.Equal(catalog, await CatalogAsync(db));

        // Pgx's own maintenance leaves the sets to pg_partman.
        var maintained = await model.MaintainAsync(db, DateTimeOffset.UtcNow.AddYears(1));
        Assert.True(maintained.IsEmpty);
        Assert.Equal(catalog, await CatalogAsync(db));
    }

    [Fact]
    public async Task run_maintenance_retires_what_the_attribute_retains_and_the_plan_never_brings_it_back()
    {
        await using var db = await DatabaseWithPartmanAsync("partman_retention");
        var model = ModelVersion.Compile(Model("PgPartman"));
        await model.ApplyAsync(db);
        await InsertAsync(model, db, FirstMonth.AddDays(3));

        await db.ExecuteAsync("SELECT partman.run_maintenance()");

        // Detach: the months whose end is older than three months ago leave the set with their rows.
        var made = MonthsFrom(FirstMonth).TakeWhile(m => m < DateTime.UtcNow.AddMonths(3)).ToList();
        var retired = made.Where(m => m.AddMonths(1) < DateTime.UtcNow.AddMonths(-3)).Select(m => "events_p" + m.ToString("yyyy_MM", CultureInfo.InvariantCulture)).ToList();
        var children = await ChildrenAsync(db, "events");
        Assert.NotEmpty(retired);
        Assert.Empty(children.Intersect(retired));
        Assert.Subset(children.ToHashSet(), made.Except(made.Take(retired.Count)).Select(m => "events_p" + m.ToString("yyyy_MM", CultureInfo.InvariantCulture)).ToHashSet());
        Assert.Equal(retired.Count, int.Parse(await CountAsync(db, "SELECT count(*) FROM pg_class c WHERE c.relname LIKE 'events\\_p%' AND NOT c.relispartition AND c.relkind = 'r'"), CultureInfo.InvariantCulture));
        Assert.Equal("1", await CountAsync(db, $"SELECT count(*) FROM events.events_p{FirstMonth:yyyy_MM}"));

        // Drop: the days older than three days are gone.
        Assert.Equal("0", await CountAsync(db, $"SELECT count(*) FROM pg_class WHERE relname = 'samples_p{FirstDay:yyyy_MM_dd}'"));
        Assert.DoesNotContain($"samples_p{FirstDay:yyyy_MM_dd}", await ChildrenAsync(db, "samples"));

        var plan = await model.PlanAsync(db);
        Assert.True(plan.IsEmpty, string.Join("\n", plan.Steps.Select(s => s.Description)));
        var catalog = await CatalogAsync(db);
        await model.ApplyAsync(db);
        Assert.Equal(catalog, await CatalogAsync(db));
    }

    [Fact]
    public async Task A_set_Pgx_maintained_is_handed_to_pg_partman_without_colliding_names()
    {
        await using var db = await DatabaseWithPartmanAsync("partman_handover");
        var byPgx = ModelVersion.Compile(Model("Pgx"));
        await byPgx.ApplyAsync(db);
        Assert.Contains("events_p" + ThisMonth.ToString("yyyyMM", CultureInfo.InvariantCulture), await ChildrenAsync(db, "events"));
        await InsertAsync(byPgx, db, FirstMonth.AddDays(1));
        await InsertAsync(byPgx, db, Today.AddHours(1));
        await InsertAsync(byPgx, db, Today.AddYears(3));

        var byPartman = ModelVersion.Compile(Model("PgPartman"));
        await byPartman.ApplyAsync(db);

        // Pgx's partitions now carry pg_partman's names, with their rows; create_parent made no overlapping twin.
        var children = await ChildrenAsync(db, "events");
        Assert.DoesNotContain(children, c => c.Length == "events_p202601".Length && c.StartsWith("events_p", StringComparison.Ordinal));
        Assert.Contains("events_p" + ThisMonth.ToString("yyyy_MM", CultureInfo.InvariantCulture), children);
        Assert.Equal("1", await CountAsync(db, $"SELECT count(*) FROM ONLY events.events_p{FirstMonth:yyyy_MM}"));
        Assert.Equal("1", await CountAsync(db, $"SELECT count(*) FROM ONLY events.events_p{ThisMonth:yyyy_MM}"));
        Assert.Equal("1", await CountAsync(db, "SELECT count(*) FROM ONLY events.events_default"));
        Assert.Equal("3", await CountAsync(db, "SELECT count(*) FROM events.events"));
        Assert.Equal(new[] { "events.events", "events.samples" }, await db.ColumnAsync("SELECT parent_table FROM partman.part_config ORDER BY 1"));

        // pg_partman's maintenance goes on from the renamed partitions.
        await db.ExecuteAsync("SELECT partman.run_maintenance()");
        var plan = await byPartman.PlanAsync(db);
        Assert.True(plan.IsEmpty, string.Join("\n", plan.Steps.Select(s => s.Description)));
    }

    [Fact]
    public async Task ApplyAsync_without_pg_partman_throws_and_changes_nothing()
    {
        await using var db = await ModelVersion.DatabaseAsync("partman_missing");
        var model = ModelVersion.Compile(Model("PgPartman"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => model.ApplyAsync(db));

        Assert.Contains("events.events, events.samples are maintained by pg_partman", error.Message, StringComparison.Ordinal);
        Assert.Contains("CREATE EXTENSION pg_partman SCHEMA partman", error.Message, StringComparison.Ordinal);
        Assert.Equal("0", await CountAsync(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'events'"));
    }

    [Theory]
    [InlineData("1 month", 4, "2026-03-01", "events_p2026_03")]
    [InlineData("3 months", 4, "2026-04-01", "events_p2026_04")]
    [InlineData("1 day", 4, "2026-03-15", "events_p2026_03_15")]
    [InlineData("1 week", 4, "2026-03-09", "events_p2026_03_09")]
    [InlineData("1 year", 4, "2026-01-01", "events_p2026")]
    [InlineData("1 month", 5, "2026-03-01", "events_p20260301")]
    [InlineData("1 day", 5, "2026-03-15", "events_p20260315")]
    [InlineData("1 year", 5, "2026-01-01", "events_p20260101")]
    public void Partition_names_are_pg_partmans_and_read_back(string interval, int major, string lower, string name)
    {
        var rule = new RollingSpec(interval, 1, null, null, default, default).Rule;
        var partition = rule.PartitionOf(DateTime.Parse(lower, CultureInfo.InvariantCulture).Ticks);

        Assert.Equal(name, PgPartmanRules.ChildName(rule, "events", partition, major));
        Assert.Equal(partition, PgPartmanRules.PartitionNamed(rule, "events", name));
        Assert.Null(PgPartmanRules.PartitionNamed(rule, "events", "events_p" + lower.Replace("-", "", StringComparison.Ordinal).Substring(0, 6) + "x"));
    }

    [Fact]
    public void Integer_partitions_are_named_by_their_lower_bound_in_both_versions()
    {
        var rule = new RollingSpec("100000", 1, null, null, default, default) { IntegerKey = true }.Rule;

        Assert.Equal("orders_p200000", PgPartmanRules.ChildName(rule, "orders", rule.PartitionOf(234567), 4));
        Assert.Equal("orders_p-100000", PgPartmanRules.ChildName(rule, "orders", rule.PartitionOf(-1), 5));
        Assert.Equal(rule.PartitionOf(-1), PgPartmanRules.PartitionNamed(rule, "orders", "orders_p-100000"));
        Assert.Null(PgPartmanRules.PartitionNamed(rule, "orders", "orders_p150000"));
    }

    [Fact]
    public void create_parent_is_called_as_each_major_version_declares_it()
    {
        // 5.x moved p_interval before p_type, renamed the declarative type 'range' and added p_default_table.
        Assert.Equal(
            "SELECT \"partman\".create_parent(p_parent_table := $1, p_control := $2, p_interval := $3, p_type := 'range', p_premake := $4, p_start_partition := $5, p_default_table := true)",
            PgPartmanRules.CreateParent(5, "\"partman\""));
        Assert.Equal(
            "SELECT \"partman\".create_parent(p_parent_table := $1, p_control := $2, p_type := 'native', p_interval := $3, p_premake := $4, p_start_partition := $5)",
            PgPartmanRules.CreateParent(4, "\"partman\""));
    }

    private static string Model(string maintainer) => $$"""
        using System;
        using Pgx;

        namespace Partman
        {
            [PgTable("events", Schema = "events")]
            [PartitionBy(nameof(At), PartitionKind.Range)]
            [RollingPartitions("1 month", Premake = 3, Retain = "3 months", Start = "{{FirstMonth:yyyy-MM-dd}}", Maintainer = PartitionMaintainer.{{maintainer}})]
            [DefaultPartition("events_default")]
            public sealed record Event([property: PgKey] long Id, DateTimeOffset At, string Name);

            [PgTable("samples", Schema = "events")]
            [PartitionBy(nameof(Day), PartitionKind.Range)]
            [RollingPartitions("1 day", Premake = 2, Retain = "3 days", Start = "{{FirstDay:yyyy-MM-dd}}", RetentionMode = PartitionRetention.Drop, Maintainer = PartitionMaintainer.{{maintainer}})]
            public sealed record Sample([property: PgKey] long Id, DateOnly Day, int Count);
        }
        """;

    private static IEnumerable<DateTime> MonthsFrom(DateTime first)
    {
        for (var month = first; ; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    private static async Task<NpgsqlDataSource> DatabaseWithPartmanAsync(string name)
    {
        var db = await ModelVersion.DatabaseAsync(name);
        await db.ExecuteAsync("CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman");
        return db;
    }

    private static Task InsertAsync(ModelVersion model, NpgsqlDataSource db, DateTime at) =>
        ModelVersion.InsertAsync(model.Repository("Partman.Event", db), model.Row("Partman.Event", 0L, new DateTimeOffset(at, TimeSpan.Zero), "e"));

    private static async Task<string> CountAsync(NpgsqlDataSource db, string sql) => (await db.ColumnAsync(sql))[0];

    private static Task<List<string>> ChildrenAsync(NpgsqlDataSource db, string table) =>
        db.ColumnAsync("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY c.relname COLLATE \"C\"", "events." + table);

    /// <summary>Every relation of the sets' schema with its row version, and pg_partman's configuration rows': a change to any shows.</summary>
    private static async Task<string> CatalogAsync(NpgsqlDataSource db) => string.Join(",", await db.ColumnAsync("""
        SELECT c.relname || ' xmin=' || c.xmin::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'events'
        UNION ALL SELECT parent_table || ' xmin=' || xmin::text FROM partman.part_config
        ORDER BY 1
        """));
}
