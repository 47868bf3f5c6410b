using System;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Access;

/// <summary>
/// Partitions made at run time, by <c>PgxSchema.MaintainAsync</c> or <c>CALL pgx.maintain_partitions()</c>, get what
/// every apply gives the fixed partitions: the parent's table and column privileges, its row-level security switches
/// and policies, and — for trigger-routed children — its row triggers (PostgreSQL clones them onto declarative
/// partitions itself, so those fire once, not twice).
/// </summary>
public sealed class RollingPartitionAccessTests : RollingSchemaTests
{
    /// <summary>The two maintainers: the application's call and the SQL procedure.</summary>
    public static TheoryData<string> Maintainers => new() { "MaintainAsync", "procedure" };

    [Theory]
    [MemberData(nameof(Maintainers))]
    public async Task A_role_granted_on_the_parent_reads_a_partition_made_by_maintenance_by_its_own_name(string maintainer)
    {
        await using var app = await LoginRole.CreateAsync(Db, Database.ConnectionString);
        await app.GrantAsync("GRANT USAGE ON SCHEMA rolling TO %I");
        await app.GrantAsync("GRANT SELECT ON rolling.metrics, rolling.legacy_metrics TO %I");
        await app.GrantAsync("GRANT SELECT (id, day) ON rolling.samples TO %I");

        await MaintainAsync(maintainer, March15);
        await Db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) VALUES (1, '2026-02-10+00', 1)");
        await Db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) VALUES (2, '2026-02-10+00', 1)");
        await Db.ExecuteAsync("INSERT INTO rolling.samples (id, day, count) VALUES (3, '2026-03-16', 1)");

        Assert.Equal(1L, await app.DataSource.ScalarAsync<long>("SELECT id FROM rolling.metrics_p202602"));
        Assert.Equal(2L, await app.DataSource.ScalarAsync<long>("SELECT id FROM ONLY rolling.legacy_metrics_p202602"));
        Assert.Equal(3L, await app.DataSource.ScalarAsync<long>("SELECT id FROM rolling.samples_p20260316"));

        // What the parent does not grant, the partition does not either: another column, another privilege.
        var column = await Assert.ThrowsAsync<PostgresException>(() => app.DataSource.ScalarAsync<long>("SELECT count(count) FROM rolling.samples_p20260316"));
        Assert.Equal("42501", column.SqlState);
        var insert = await Assert.ThrowsAsync<PostgresException>(() => app.DataSource.ExecuteAsync("INSERT INTO rolling.metrics_p202602 (id, at, value) VALUES (4, '2026-02-11+00', 1)"));
        Assert.Equal("42501", insert.SqlState);
    }

    [Theory]
    [MemberData(nameof(Maintainers))]
    public async Task A_row_level_security_policy_on_a_trigger_routed_parent_holds_on_a_new_child(string maintainer)
    {
        await using var app = await LoginRole.CreateAsync(Db, Database.ConnectionString);
        await app.GrantAsync("GRANT USAGE ON SCHEMA rolling TO %I");
        await app.GrantAsync("GRANT SELECT ON rolling.legacy_metrics TO %I");
        await Db.ExecuteAsync("""
            ALTER TABLE rolling.legacy_metrics ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
            CREATE POLICY small_values ON rolling.legacy_metrics FOR SELECT USING (value < 10);
            """);

        await MaintainAsync(maintainer, March15);
        await Db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) VALUES (1, '2026-02-10+00', 1), (2, '2026-02-11+00', 50)");

        // Named directly, the child applies only its own policies: the copy of the parent's.
        Assert.Equal(new[] { "1" }, await app.DataSource.ColumnAsync("SELECT id FROM ONLY rolling.legacy_metrics_p202602 ORDER BY id"));
        Assert.Equal(new[] { "1" }, await app.DataSource.ColumnAsync("SELECT id FROM rolling.legacy_metrics ORDER BY id"));
        Assert.Equal(new[] { "t|t|small_values" }, await Db.ColumnAsync("""
            SELECT c.relrowsecurity::text::char || '|' || c.relforcerowsecurity::text::char || '|' || p.polname
            FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid WHERE c.oid = 'rolling.legacy_metrics_p202602'::regclass
            """));
    }

    [Theory]
    [MemberData(nameof(Maintainers))]
    public async Task A_row_trigger_on_the_parent_fires_once_for_each_row_stored_in_a_new_partition(string maintainer)
    {
        await RowAudit.CreateAsync(Db, "rolling", "legacy_metrics", "metrics");

        await MaintainAsync(maintainer, March15);
        await Db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) VALUES (1, '2026-02-10+00', 1)");
        var stored = await new LegacyMetricRepository(Db).InsertAsync(new LegacyMetric(0, new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero), 2));
        await Db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) VALUES (3, '2026-02-10+00', 1)");

        Assert.Equal(
            new[] { "legacy_metrics_p202602 1", "legacy_metrics_p202605 " + stored.Id, "metrics_p202602 3" },
            await Db.ColumnAsync("SELECT table_name || ' ' || id FROM rolling.audit ORDER BY table_name, id"));
    }

    private Task MaintainAsync(string maintainer, DateTimeOffset now) =>
        maintainer == "procedure" ? CallAsync(Db, now) : PgxSchema.MaintainAsync(Db, now);
}
