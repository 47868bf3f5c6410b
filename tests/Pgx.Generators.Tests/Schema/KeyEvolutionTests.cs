using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Schema;

/// <summary>Primary keys across model versions: a unique index built concurrently first, then a brief swap of the constraint.</summary>
public sealed class KeyEvolutionTests
{
    private static string Items(string record) => """
        using Pgx;
        namespace Shop;
        [PgTable("items")]
        """ + "\n" + record + "\n";

    private const string ItemsChecksum = "SELECT md5(string_agg(id || ':' || code || ':' || version, ',' ORDER BY id)) FROM items";

    private const string KeyOf = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::text::regclass AND contype = 'p'";

    [Fact]
    public async Task A_key_gained_then_changed_on_a_plain_table_is_built_concurrently_and_swapped_in_keeping_every_row()
    {
        await using var db = await ModelVersion.DatabaseAsync("plain_key");
        await ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Code, int Version);")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (code, version) SELECT 'c' || i, i % 3 FROM generate_series(1, 1000) i");
        var checksum = await db.ScalarAsync<string>(ItemsChecksum);

        // v2: [PgKey] added to Version. A key of two columns takes no values from the sequence, so its default goes.
        var v2 = ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Code, [property: PgKey] int Version);"));
        Assert.Equal(
            new[] { "public.items.id: default declared as none but the column has nextval('items_id_seq'::regclass)", "public.items: primary key declared as (id, version) but the table has (id)" },
            (await v2.CheckDriftAsync(db)).Select(d => d.ToString()));
        var plan = await v2.PlanAsync(db);
        Assert.Collection(
            plan.Steps,
            s => Assert.Equal("Drop the default nextval('items_id_seq'::regclass) of public.items.id", s.Description),
            s =>
            {
                Assert.False(s.RunsInTransaction);
                Assert.Equal(PgxHazard.IndexBuild, s.Hazards);
                Assert.Contains("CREATE UNIQUE INDEX CONCURRENTLY", s.Sql, StringComparison.Ordinal);
            },
            s =>
            {
                Assert.True(s.RunsInTransaction);
                Assert.Equal(PgxHazard.LongLock, s.Hazards);
                Assert.Contains("PRIMARY KEY USING INDEX", s.Sql, StringComparison.Ordinal);
            });
        await v2.ApplyAsync(db);

        Assert.Equal("PRIMARY KEY (id, version)", await db.ScalarAsync<string>(KeyOf, "items"));
        Assert.Equal(new[] { "items_pkey" }, await db.ColumnAsync("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'items'::regclass"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);

        // v3: a different key altogether.
        var v3 = ModelVersion.Compile(Items("public sealed record Item(long Id, [property: PgKey] string Code, int Version);"));
        await v3.ApplyAsync(db);

        Assert.Equal("PRIMARY KEY (code)", await db.ScalarAsync<string>(KeyOf, "items"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(ItemsChecksum));
        Assert.True((await v3.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task A_key_that_foreign_keys_reference_is_refused_naming_the_table_and_what_to_do()
    {
        await using var db = await ModelVersion.DatabaseAsync("referenced_key");
        await ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Code, int Version);")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (code, version) VALUES ('a', 1); CREATE TABLE item_notes (item_id bigint REFERENCES items (id))");
        var v2 = ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Code, [property: PgKey] int Version);"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => v2.ApplyAsync(db));

        Assert.Contains("public.items", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("item_notes_item_id_fkey", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("from (id) to (id, version)", error.MessageText, StringComparison.Ordinal);
        Assert.Equal("PRIMARY KEY (id)", await db.ScalarAsync<string>(KeyOf, "items"));
    }

    [Fact]
    public async Task A_new_key_the_rows_repeat_is_refused_naming_the_table_and_a_repeated_value_and_the_old_key_stays()
    {
        await using var db = await ModelVersion.DatabaseAsync("repeated_key");
        await ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Code, int Version);")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (code, version) VALUES ('a', 1), ('b', 1), ('b', 2)");
        var v2 = ModelVersion.Compile(Items("public sealed record Item(long Id, [property: PgKey] string Code, int Version);"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => v2.ApplyAsync(db));

        Assert.Equal("public.items: the new primary key (code) is not unique: (b) appears more than once; make the values unique, then apply again", error.MessageText);
        Assert.Equal("PRIMARY KEY (id)", await db.ScalarAsync<string>(KeyOf, "items"));
        Assert.Equal(new[] { "items_pkey" }, await db.ColumnAsync("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'items'::regclass"));
        await db.ExecuteAsync("UPDATE items SET code = 'c' WHERE version = 2");
        await v2.ApplyAsync(db);
        Assert.Equal("PRIMARY KEY (code)", await db.ScalarAsync<string>(KeyOf, "items"));
    }

    [Fact]
    public async Task A_trigger_routed_key_changes_on_the_parent_and_every_child()
    {
        static string Table(string key) => """
            using Pgx;
            namespace Shop;
            [PgTable("t")]
            [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("t1", 1)]
            [ListPartition("t2", 2)]
            [DefaultPartition("t_other")]
            """ + "\n" + "public sealed record T([property: PgKey] long Id, " + key + "int P, string? Value);";
        await using var db = await ModelVersion.DatabaseAsync("trigger_key");
        await ModelVersion.Compile(Table("")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO t (p, value) SELECT 1 + i % 3, 'v' || i FROM generate_series(1, 900) i");
        var checksum = await db.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || p || ':' || value, ',' ORDER BY id)) FROM t");
        var v2 = ModelVersion.Compile(Table("[property: PgKey] "));

        var plan = await v2.PlanAsync(db);
        Assert.Equal(4, plan.Steps.Count(s => !s.RunsInTransaction && s.Hazards == PgxHazard.IndexBuild));
        await v2.ApplyAsync(db);

        foreach (var table in new[] { "t", "t1", "t2", "t_other" })
        {
            Assert.Equal("PRIMARY KEY (id, p)", await db.ScalarAsync<string>(KeyOf, table));
        }

        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || p || ':' || value, ',' ORDER BY id)) FROM t"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
    }

    [Fact]
    public async Task A_declarative_key_is_built_concurrently_per_partition_and_attached_to_the_parents_new_key()
    {
        static string Events(string key) => """
            using System;
            using Pgx;
            namespace Telemetry;
            [PgTable("events")]
            [PartitionBy(nameof(Region), PartitionKind.List)]
            [ListPartition("events_eu", "eu")]
            [ListPartition("events_us", "us")]
            [DefaultPartition("events_other")]
            """ + "\n" + "public sealed record Event([property: PgKey] long Id, string Region, " + key + "Guid DeviceId);";
        await using var db = await ModelVersion.DatabaseAsync("declarative_key");
        await ModelVersion.Compile(Events("")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO events (region, device_id) SELECT (ARRAY['eu','us','ap'])[1 + i % 3], gen_random_uuid() FROM generate_series(1, 900) i");
        var checksum = await db.ScalarAsync<string>("SELECT md5(string_agg(id || region || device_id, ',' ORDER BY id)) FROM events");
        var v2 = ModelVersion.Compile(Events("[property: PgKey] "));

        var plan = await v2.PlanAsync(db);
        Assert.Equal(3, plan.Steps.Count(s => !s.RunsInTransaction && s.Hazards == PgxHazard.IndexBuild));
        Assert.Contains(plan.Steps, s => s.RunsInTransaction && s.Hazards == PgxHazard.LongLock && s.Sql.Contains("USING INDEX", StringComparison.Ordinal));
        await v2.ApplyAsync(db);

        Assert.Equal("PRIMARY KEY (id, device_id, region)", await db.ScalarAsync<string>(KeyOf, "events"));
        Assert.Equal(
            new[] { "events_eu_pkey PRIMARY KEY (id, device_id, region)", "events_other_pkey PRIMARY KEY (id, device_id, region)", "events_us_pkey PRIMARY KEY (id, device_id, region)" },
            await db.ColumnAsync("SELECT c.conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_constraint p ON p.oid = c.conparentid WHERE p.conrelid = 'events'::regclass AND p.contype = 'p' ORDER BY 1"));
        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || region || device_id, ',' ORDER BY id)) FROM events"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
    }
}
