using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;
using Xunit.Abstractions;

namespace Pgx.Generators.Tests.Schema;

/// <summary>Columns across model versions, applied to a table with rows: added, dropped, renamed, retyped, NOT NULL.</summary>
public sealed class ColumnEvolutionTests(ITestOutputHelper output)
{
    private const string V1 = """
        using Pgx;
        namespace Shop;
        [PgTable("items")]
        public sealed record Item([property: PgKey] long Id, string Name, int Qty, string? Comment, string Legacy);
        """;

    // Name renamed to Title (explicitly), Qty widened, Comment made required, Legacy dropped, Note added.
    private const string V2 = """
        using Pgx;
        namespace Shop;
        [PgTable("items")]
        public sealed record Item([property: PgKey] long Id, [property: PgColumn(RenamedFrom = "name")] string Title, long Qty, string Comment, string? Note);
        """;

    // Comment optional again, Qty narrowed back.
    private const string V3 = """
        using Pgx;
        namespace Shop;
        [PgTable("items")]
        public sealed record Item([property: PgKey] long Id, [property: PgColumn(RenamedFrom = "name")] string Title, int Qty, string? Comment, string? Note);
        """;

    [Fact]
    public async Task Columns_change_across_three_versions_and_every_row_keeps_its_values()
    {
        await using var db = await ModelVersion.DatabaseAsync("columns");
        var v1 = ModelVersion.Compile(V1);
        await v1.ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (name, qty, comment, legacy) SELECT 'item ' || i, i, 'c' || i, 'old' FROM generate_series(1, 500) i");
        var checksum = await db.ScalarAsync<string>("SELECT md5(string_agg(id || name || qty || comment, ',' ORDER BY id)) FROM items");

        var v2 = ModelVersion.Compile(V2);
        var plan = await v2.PlanAsync(db);
        output.WriteLine(plan.ToSql());
        Assert.Contains(plan.Steps, s => s.Description == "Rename column public.items.name to title" && s.Hazards == PgxHazard.None);
        Assert.Contains(plan.Steps, s => s.Description.StartsWith("Change the type of public.items.qty from integer to bigint", StringComparison.Ordinal)
            && s.Hazards == (PgxHazard.TableRewrite | PgxHazard.LongLock));
        var notValid = Assert.Single(plan.Steps, s => s.Description.StartsWith("Check public.items.comment for NULLs", StringComparison.Ordinal));
        var notNull = plan.Steps[plan.Steps.ToList().IndexOf(notValid) + 1];
        Assert.Contains("NOT VALID", notValid.Sql, StringComparison.Ordinal);
        Assert.StartsWith("Make public.items.comment NOT NULL", notNull.Description, StringComparison.Ordinal);
        Assert.StartsWith("ALTER TABLE \"public\".\"items\" VALIDATE CONSTRAINT", notNull.Sql, StringComparison.Ordinal);
        Assert.Contains(plan.Steps, s => s.Description.StartsWith("Add column public.items.note text", StringComparison.Ordinal));
        var drop = Assert.Single(plan.Steps, s => (s.Hazards & PgxHazard.DataLoss) != 0);
        Assert.StartsWith("Drop column public.items.legacy", drop.Description, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<PgxUnsafeChangeException>(() => v2.ApplyAsync(db));
        Assert.Equal(drop.Description, Assert.Single(refused.Steps).Description);
        Assert.Contains("AllowDataLoss", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'name'"));

        await v2.ApplyAsync(db, new PgxApplyOptions { AllowDataLoss = true });
        Assert.True((await v2.PlanAsync(db)).IsEmpty);
        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || title || qty || comment, ',' ORDER BY id)) FROM items"));
        Assert.Equal(new[] { "id bigint NOT NULL", "title text NOT NULL", "qty bigint NOT NULL", "comment text NOT NULL", "note text NULL" },
            await db.ColumnAsync("SELECT attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE ' NULL' END FROM pg_attribute WHERE attrelid = 'items'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'c'"));

        var v3 = ModelVersion.Compile(V3);
        var narrowing = await v3.PlanAsync(db);
        Assert.Contains(narrowing.Steps, s => s.Description.StartsWith("Change the type of public.items.qty from bigint to integer", StringComparison.Ordinal)
            && (s.Hazards & PgxHazard.DataLoss) != 0);
        Assert.Contains(narrowing.Steps, s => s.Description == "Allow NULL in public.items.comment");
        await Assert.ThrowsAsync<PgxUnsafeChangeException>(() => v3.ApplyAsync(db));
        await v3.ApplyAsync(db, new PgxApplyOptions { AllowDataLoss = true });
        Assert.True((await v3.PlanAsync(db)).IsEmpty);
        Assert.Equal(checksum, await db.ScalarAsync<string>("SELECT md5(string_agg(id || title || qty || comment, ',' ORDER BY id)) FROM items"));
    }

    [Fact]
    public async Task A_required_column_without_a_default_is_refused_clearly_on_a_table_with_rows_and_added_on_an_empty_one()
    {
        const string withStock = """
            using Pgx;
            namespace Shop;
            [PgTable("items")]
            public sealed record Item([property: PgKey] long Id, string Name, int Qty, string? Comment, string Legacy, int Stock);
            """;
        await using var db = await ModelVersion.DatabaseAsync("required_column");
        var v1 = ModelVersion.Compile(V1);
        var v2 = ModelVersion.Compile(withStock);
        await v1.ApplyAsync(db);
        await db.ExecuteAsync("INSERT INTO items (name, qty, comment, legacy) VALUES ('a', 1, NULL, 'x')");

        var error = await Assert.ThrowsAsync<PostgresException>(() => v2.ApplyAsync(db));

        Assert.Contains("column stock of public.items is NOT NULL without a default and the table has rows", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'stock'"));

        await db.ExecuteAsync("DELETE FROM items");
        await v2.ApplyAsync(db);
        Assert.Equal("integer", await db.ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'stock' AND attnotnull"));
    }

    [Fact]
    public async Task Drift_names_hand_made_column_changes_and_the_plan_repairs_them()
    {
        await using var db = await ModelVersion.DatabaseAsync("column_drift");
        var v1 = ModelVersion.Compile(V1);
        await v1.ApplyAsync(db);
        Assert.Empty(await v1.CheckDriftAsync(db));

        await db.ExecuteAsync("ALTER TABLE items ALTER COLUMN comment TYPE varchar(20), ADD COLUMN extra int, ALTER COLUMN qty DROP NOT NULL");
        var drift = (await v1.CheckDriftAsync(db)).Select(d => d.ToString()).ToList();

        Assert.Contains("public.items.comment: declared as text but the column is character varying(20)", drift);
        Assert.Contains("public.items.extra: integer on the table but not declared by the record", drift);
        Assert.Contains("public.items.qty: declared NOT NULL but the column is NULL", drift);
        await v1.ApplyAsync(db, new PgxApplyOptions { AllowDataLoss = true });
        Assert.Empty(await v1.CheckDriftAsync(db));
    }
}
