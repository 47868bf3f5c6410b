using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>
/// The table t of "When Your Postgres Database and ORM Collide: Partitioning", generated from a record: the catalog
/// holds what the article built by hand plus what it forgot (child primary keys and indexes), and the problem it
/// describes reproduces.
/// </summary>
public sealed class TriggerPartitionedTableTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public TriggerPartitionedTableTests(SchemaFixture db) => _db = db;

    [Fact]
    public async Task Children_inherit_the_parent_with_check_constraints()
    {
        var children = await _db.DataSource.RowsAsync("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'public.t'::regclass ORDER BY 1");
        Assert.Equal(new[] { "t1", "t2" }, children.Select(r => r[0]));

        var checks = await _db.DataSource.RowsAsync("SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' AND conrelid IN ('public.t1'::regclass, 'public.t2'::regclass) ORDER BY 1");
        Assert.Equal(new[] { "t1|CHECK ((p = 1))", "t2|CHECK ((p = 2))" }, checks.Select(r => string.Join("|", r)));
    }

    [Fact]
    public async Task Every_child_has_its_own_primary_key_and_the_parents_indexes()
    {
        var keys = await _db.DataSource.RowsAsync("SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'p' AND conrelid IN ('public.t'::regclass, 'public.t1'::regclass, 'public.t2'::regclass) ORDER BY 1");
        Assert.Equal(new[] { "t|PRIMARY KEY (id)", "t1|PRIMARY KEY (id)", "t2|PRIMARY KEY (id)" }, keys.Select(r => string.Join("|", r)));

        var indexes = await _db.DataSource.RowsAsync("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '%(value)' ORDER BY 1");
        Assert.Equal(new[] { "t", "t1", "t2" }, indexes.Select(r => r[0]));
    }

    [Fact]
    public async Task A_before_insert_row_trigger_routes_rows()
    {
        var trigger = await _db.DataSource.ScalarAsync<string>("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'public.t'::regclass AND NOT tgisinternal");
        Assert.Equal("CREATE TRIGGER t_insert_trigger BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION t_insert_trigger()", trigger);

        var body = await _db.DataSource.ScalarAsync<string>("SELECT prosrc FROM pg_proc WHERE oid = 'public.t_insert_trigger()'::regprocedure");
        Assert.DoesNotContain("EXECUTE", body); // static branches, no dynamic SQL per row
        Assert.Contains("RETURN NULL", body);
    }

    [Fact]
    public async Task Insert_returning_through_the_trigger_returns_no_row_the_problem_reproduced()
    {
        // PGX0101 flags exactly this; the test reproduces the problem on purpose.
#pragma warning disable PGX0101
        await using var command = _db.DataSource.CreateCommand("INSERT INTO t (p, value) VALUES (1, 'hello world') RETURNING *");
#pragma warning restore PGX0101
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.False(await reader.ReadAsync(), "RETURNING * through a routing trigger returns no row");
            await reader.CloseAsync();
            Assert.Equal(0, reader.RecordsAffected); // INSERT 0 0: what makes EF Core report "affected 0 rows"
        }

        var stored = await _db.DataSource.RowsAsync("SELECT tableoid::regclass::text, p::text FROM t WHERE value = 'hello world'");
        Assert.Equal(new[] { "t1|1" }, stored.Select(r => string.Join("|", r)));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t"));
    }

    [Fact]
    public async Task A_value_no_child_accepts_fails_clearly_and_stores_nothing()
    {
        var before = await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t");

        var error = await Assert.ThrowsAsync<PostgresException>(() => _db.DataSource.ExecuteAsync("INSERT INTO t (p, value) VALUES (3, 'nowhere')"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("no partition of table public.t accepts p = 3", error.MessageText);
        Assert.Equal("public", error.SchemaName);
        Assert.Equal("t", error.TableName);
        Assert.Equal("p", error.ColumnName);
        Assert.Equal(before, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Keys_come_from_one_shared_sequence_and_stay_unique_across_children()
    {
        await _db.DataSource.ExecuteAsync("INSERT INTO t (p, value) SELECT 1 + g % 2, 'bulk' FROM generate_series(1, 200) g");

        var perChild = await _db.DataSource.RowsAsync("SELECT tableoid::regclass::text, count(*) FROM t WHERE value = 'bulk' GROUP BY 1 ORDER BY 1");
        Assert.Equal(new[] { "t1|100", "t2|100" }, perChild.Select(r => string.Join("|", r)));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) - count(DISTINCT id) FROM t"));
        Assert.Equal("public.t_id_seq", await _db.DataSource.ScalarAsync<string>("SELECT pg_get_serial_sequence('public.t', 'id')"));
    }
}
