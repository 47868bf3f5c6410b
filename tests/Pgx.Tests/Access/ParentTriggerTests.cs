using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Access;

/// <summary>
/// Row triggers on a trigger-routed parent never fire for rows stored in its children, and the repositories insert
/// into the children: so every apply copies the parent's row triggers to each child (PostgreSQL clones them to
/// declarative partitions itself). An audit trigger on the parent must record every row the repositories insert.
/// </summary>
public sealed class ParentTriggerTests : IAsyncLifetime
{
    private const string Audited = "SELECT count(*) FROM billing.audit WHERE table_name = ANY($1) AND id = ANY($2)";

    private readonly DatabaseFixture _database = new();

    private NpgsqlDataSource Admin => _database.DataSource;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await PgxSchema.ApplyAsync(Admin);
        await RowAudit.CreateAsync(Admin, "billing", "invoices", "payments");
        await PgxSchema.ApplyAsync(Admin);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task An_audit_trigger_on_the_parent_records_every_row_the_repositories_insert()
    {
        var invoices = new InvoiceRepository(Admin);
        var one = await invoices.InsertAsync(new Invoice(0, "eu", "acme", 1m));
        var few = await invoices.InsertManyAsync(new[] { new Invoice(0, "eu", "acme", 2m), new Invoice(0, "us", "acme", 3m) });
        var many = await invoices.InsertManyAsync(Enumerable.Range(0, PgxRepositoryConnection.MinRowsForCopy).Select(i => new Invoice(0, "us", "acme", i)).ToList());
        var payments = await new PaymentRepository(Admin).InsertManyAsync(new[] { new Payment(0, "eu", "acme", 4m), new Payment(0, "us", "acme", 5m) });

        var ids = few.Concat(many).Append(one).Select(r => r.Id).ToArray();
        Assert.Equal((long)ids.Length, await Admin.ScalarAsync<long>(Audited, new[] { "invoices_eu", "invoices_us" }, ids));
        Assert.Equal(2L, await Admin.ScalarAsync<long>(Audited, new[] { "payments_eu", "payments_us" }, payments.Select(p => p.Id).ToArray()));
    }

    [Fact]
    public async Task A_row_inserted_through_the_parent_is_recorded_once()
    {
        var id = await Admin.ScalarAsync<long>("SELECT nextval('billing.invoices_id_seq')");
        await Admin.ExecuteAsync("INSERT INTO billing.invoices (id, region, tenant, amount) VALUES ($1, 'us', 'acme', 1)", id);

        Assert.Equal(1L, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.audit WHERE id = $1", id));
    }

    [Fact]
    public async Task A_trigger_disabled_or_dropped_on_the_parent_is_disabled_or_dropped_on_its_children_and_a_childs_own_stays()
    {
        await Admin.ExecuteAsync("""
            CREATE TRIGGER own_audit AFTER UPDATE ON billing.invoices_eu FOR EACH ROW EXECUTE FUNCTION billing.audit_row();
            CREATE TRIGGER audit_update AFTER UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.audit_row();
            ALTER TABLE billing.invoices DISABLE TRIGGER audit_update;
            DROP TRIGGER audit_insert ON billing.invoices;
            """);

        await PgxSchema.ApplyAsync(Admin);

        const string Triggers = "SELECT tgname || ' ' || tgenabled::text FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname";
        Assert.Equal(new[] { "audit_update D", "own_audit O" }, await Admin.ColumnAsync(Triggers, "billing.invoices_eu"));
        Assert.Equal(new[] { "audit_update D" }, await Admin.ColumnAsync(Triggers, "billing.invoices_us"));
        var row = await new InvoiceRepository(Admin).InsertAsync(new Invoice(0, "eu", "acme", 1m));
        Assert.Equal(0L, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.audit WHERE id = $1", row.Id));
    }
}
