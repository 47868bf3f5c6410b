using System;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;
using Xunit.Abstractions;

namespace Pgx.Generators.Tests.Schema;

/// <summary>Column defaults across model versions, on a table with rows: added with a column, changed, dropped, drift.</summary>
public sealed class DefaultEvolutionTests(ITestOutputHelper output)
{
    private static string Items(string record) => """
        using System;
        using Pgx;
        namespace Shop;
        [PgTable("items")]
        """ + "\n" + record + "\n";

    private const string FileNode = "SELECT relfilenode::bigint FROM pg_class WHERE oid = 'items'::regclass";

    private const string DefaultOf = "SELECT coalesce(pg_get_expr(d.adbin, d.adrelid), 'none') FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'items'::regclass AND a.attname = $1";

    [Fact]
    public async Task A_required_column_with_a_constant_default_is_added_instantly_to_a_table_with_rows_then_its_default_changes_and_goes()
    {
        await using var db = await ModelVersion.DatabaseAsync("column_defaults");
        await ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Name);")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (name) SELECT 'item ' || i FROM generate_series(1, 500) i");
        var checksum = await db.ScalarAsync<string>("SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM items");
        var file = await db.ScalarAsync<long>(FileNode);

        // v2: two NOT NULL columns with constant defaults.
        var v2 = ModelVersion.Compile(Items("""
            public sealed record Item([property: PgKey] long Id, string Name,
                [property: PgColumn(DefaultSql = "'pending'")] string Status, [property: PgColumn(DefaultSql = "0")] int Qty);
            """));
        var plan = await v2.PlanAsync(db);
        output.WriteLine(plan.ToSql());
        Assert.Equal(
            new[] { "Add column public.items.status text NOT NULL DEFAULT 'pending'", "Add column public.items.qty integer NOT NULL DEFAULT 0" },
            plan.Steps.Select(s => s.Description));
        Assert.All(plan.Steps, s => Assert.Equal(PgxHazard.None, s.Hazards));
        await v2.ApplyAsync(db);

        Assert.Equal(file, await db.ScalarAsync<long>(FileNode));
        Assert.Equal(500L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE status = 'pending' AND qty = 0"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
        Assert.Empty(await v2.CheckDriftAsync(db));

        // v3: another default for Status, none for Qty, and a column whose default is computed per row.
        var v3 = ModelVersion.Compile(Items("""
            public sealed record Item([property: PgKey] long Id, string Name,
                [property: PgColumn(DefaultSql = "'new'")] string Status, int Qty,
                [property: PgColumn(DefaultSql = "clock_timestamp()")] DateTimeOffset Seen);
            """));
        plan = await v3.PlanAsync(db);
        output.WriteLine(plan.ToSql());
        Assert.Collection(
            plan.Steps,
            s => Assert.Equal("Set the default of public.items.status to 'new' (was 'pending'::text); the rows keep their values", s.Description),
            s => Assert.Equal("Drop the default 0 of public.items.qty", s.Description),
            s =>
            {
                Assert.StartsWith("Add column public.items.seen timestamp with time zone NOT NULL DEFAULT clock_timestamp() (a default with a function call", s.Description, StringComparison.Ordinal);
                Assert.Equal(PgxHazard.TableRewrite | PgxHazard.LongLock, s.Hazards);
            });
        await v3.ApplyAsync(db);

        Assert.NotEqual(file, await db.ScalarAsync<long>(FileNode));
        Assert.Equal("'new'::text", await db.ScalarAsync<string>(DefaultOf, "status"));
        Assert.Equal("none", await db.ScalarAsync<string>(DefaultOf, "qty"));
        Assert.Equal(500L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE status = 'pending' AND seen IS NOT NULL"));
        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM items"));
        await db.ExecuteAsync("INSERT INTO items (name, qty) VALUES ('fresh', 1)");
        Assert.Equal("new", await db.ScalarAsync<string>("SELECT status FROM items WHERE name = 'fresh'"));
        Assert.True((await v3.PlanAsync(db)).IsEmpty);

        // A default changed by hand is drift, and the plan puts the model's back.
        await db.ExecuteAsync("ALTER TABLE items ALTER COLUMN status SET DEFAULT 'x', ALTER COLUMN qty SET DEFAULT 7");
        Assert.Equal(
            new[] { "public.items.status: default declared as 'new' but the column has 'x'::text", "public.items.qty: default declared as none but the column has 7" },
            (await v3.CheckDriftAsync(db)).Select(d => d.ToString()));
        await v3.ApplyAsync(db);
        Assert.Empty(await v3.CheckDriftAsync(db));
        Assert.Equal("'new'::text", await db.ScalarAsync<string>(DefaultOf, "status"));
    }

    [Fact]
    public async Task A_key_that_stops_taking_its_values_from_the_sequence_loses_the_sequence_default()
    {
        await using var db = await ModelVersion.DatabaseAsync("key_default");
        await ModelVersion.Compile(Items("public sealed record Item([property: PgKey] long Id, string Name);")).ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (name) SELECT 'item ' || i FROM generate_series(1, 300) i");
        var checksum = await db.ScalarAsync<string>("SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM items");
        var v2 = ModelVersion.Compile(Items("public sealed record Item([property: PgKey] decimal Id, string Name);"));

        var plan = await v2.PlanAsync(db);
        output.WriteLine(plan.ToSql());

        Assert.Equal("Drop the default nextval('items_id_seq'::regclass) of public.items.id before its type changes", plan.Steps[0].Description);
        Assert.StartsWith("Change the type of public.items.id from bigint to numeric", plan.Steps[1].Description, StringComparison.Ordinal);
        Assert.Equal(2, plan.Steps.Count);
        Assert.Contains("default declared as none but the column has nextval('items_id_seq'::regclass)", string.Join("\n", await v2.CheckDriftAsync(db)), StringComparison.Ordinal);
        await v2.ApplyAsync(db);

        Assert.Equal("none", await db.ScalarAsync<string>(DefaultOf, "id"));
        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM items"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
    }
}
