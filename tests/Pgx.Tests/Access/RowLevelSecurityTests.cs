using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Access;

/// <summary>
/// PostgreSQL applies the row-level security policies of the table a statement names, and a partition has none of
/// its parent's: so every apply gives each partition its parent's policies and switches. A tenant's role must see
/// and write only its tenant's rows through the repositories, which read and write partitions directly.
/// </summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private LoginRole _acme = null!;

    private NpgsqlDataSource Admin => _database.DataSource;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await PgxSchema.ApplyAsync(Admin);
        _acme = await LoginRole.CreateAsync(Admin, _database.ConnectionString, "-c app.tenant=acme");
        await _acme.GrantAsync("GRANT USAGE ON SCHEMA billing TO %I");
        await _acme.GrantAsync("GRANT SELECT, INSERT ON billing.invoices, billing.payments TO %I");
        await _acme.GrantAsync("GRANT USAGE ON SEQUENCE billing.invoices_id_seq, billing.payments_id_seq TO %I");
        foreach (var table in new[] { "billing.invoices", "billing.payments" })
        {
            await Admin.ExecuteAsync("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
            await Admin.ExecuteAsync("CREATE POLICY tenant_rows ON " + table + " USING (tenant = current_setting('app.tenant')) WITH CHECK (tenant = current_setting('app.tenant'))");
        }

        await PgxSchema.ApplyAsync(Admin);
    }

    public async Task DisposeAsync()
    {
        await _acme.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task FindAsync_does_not_see_another_tenants_rows()
    {
        var invoice = await new InvoiceRepository(Admin).InsertAsync(new Invoice(0, "eu", "globex", 1m));
        var payment = await new PaymentRepository(Admin).InsertAsync(new Payment(0, "eu", "globex", 1m));
        var own = await new InvoiceRepository(Admin).InsertAsync(new Invoice(0, "eu", "acme", 2m));

        Assert.Null(await new InvoiceRepository(_acme.DataSource).FindAsync(invoice.Id, "eu"));
        Assert.Null(await new PaymentRepository(_acme.DataSource).FindAsync(payment.Id, "eu"));
        Assert.Equal(own, await new InvoiceRepository(_acme.DataSource).FindAsync(own.Id, "eu"));
    }

    [Fact]
    public async Task InsertAsync_of_another_tenants_row_is_refused()
    {
        var invoices = new InvoiceRepository(_acme.DataSource);
        var payments = new PaymentRepository(_acme.DataSource);

        var invoiceError = await Assert.ThrowsAsync<PostgresException>(() => invoices.InsertAsync(new Invoice(0, "us", "globex", 1m)));
        var paymentError = await Assert.ThrowsAsync<PostgresException>(() => payments.InsertAsync(new Payment(0, "us", "globex", 1m)));
        var own = await invoices.InsertAsync(new Invoice(0, "us", "acme", 3m));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, invoiceError.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, paymentError.SqlState);
        Assert.Contains("row-level security", invoiceError.MessageText);
        Assert.Equal(0L, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.invoices WHERE tenant = 'globex' AND region = 'us'"));
        Assert.Equal(own, await invoices.FindAsync(own.Id, "us"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(PgxRepositoryConnection.MinRowsForCopy + 1)] // a share that would go by COPY, which PostgreSQL refuses under row-level security
    public async Task InsertManyAsync_stores_the_tenants_own_rows_and_refuses_a_batch_with_another_tenants(int count)
    {
        var invoices = new InvoiceRepository(_acme.DataSource);
        var payments = new PaymentRepository(_acme.DataSource);
        var note = 1000m * count;

        var storedInvoices = await invoices.InsertManyAsync(Enumerable.Range(0, count).Select(i => new Invoice(0, "eu", "acme", note + i)).ToList());
        var storedPayments = await payments.InsertManyAsync(Enumerable.Range(0, count).Select(i => new Payment(0, "us", "acme", note + i)).ToList());

        Assert.Equal((long)count, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.invoices_eu WHERE amount >= $1 AND amount < $1 + $2", note, count));
        Assert.Equal((long)count, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.payments_us WHERE amount >= $1 AND amount < $1 + $2", note, count));
        Assert.Equal(storedInvoices[^1], await invoices.FindAsync(storedInvoices[^1].Id, "eu"));
        Assert.Equal(storedPayments[^1], await payments.FindAsync(storedPayments[^1].Id, "us"));

        var mixed = Enumerable.Range(0, count).Select(i => new Invoice(0, "us", i == count - 1 ? "globex" : "acme", -1m)).ToList();
        var error = await Assert.ThrowsAsync<PostgresException>(() => invoices.InsertManyAsync(mixed));
        var mixedPayments = Enumerable.Range(0, count).Select(i => new Payment(0, "eu", i == 0 ? "globex" : "acme", -1m)).ToList();
        await Assert.ThrowsAsync<PostgresException>(() => payments.InsertManyAsync(mixedPayments));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal(0L, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.invoices WHERE amount = -1"));
        Assert.Equal(0L, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.payments WHERE amount = -1"));
    }

    [Fact]
    public async Task A_policy_changed_or_dropped_on_the_parent_changes_or_goes_on_every_partition_at_the_next_apply()
    {
        await Admin.ExecuteAsync("CREATE POLICY \"See All\" ON billing.invoices FOR SELECT TO PUBLIC USING (true)");
        await PgxSchema.ApplyAsync(Admin);
        var other = await new InvoiceRepository(Admin).InsertAsync(new Invoice(0, "us", "globex", 7m));
        Assert.NotNull(await new InvoiceRepository(_acme.DataSource).FindAsync(other.Id, "us"));

        await Admin.ExecuteAsync("DROP POLICY \"See All\" ON billing.invoices");
        await PgxSchema.ApplyAsync(Admin);
        Assert.Null(await new InvoiceRepository(_acme.DataSource).FindAsync(other.Id, "us"));

        await Admin.ExecuteAsync("ALTER POLICY tenant_rows ON billing.invoices USING (tenant IN ('acme', 'globex'))");
        await PgxSchema.ApplyAsync(Admin);
        Assert.NotNull(await new InvoiceRepository(_acme.DataSource).FindAsync(other.Id, "us"));
        Assert.Equal(
            new[] { "tenant_rows" },
            await Admin.ColumnAsync("SELECT policyname FROM pg_policies WHERE schemaname = 'billing' AND tablename = 'invoices_us'"));

        await Admin.ExecuteAsync("ALTER TABLE billing.invoices DISABLE ROW LEVEL SECURITY");
        await PgxSchema.ApplyAsync(Admin);
        Assert.False(await Admin.ScalarAsync<bool>("SELECT relrowsecurity FROM pg_class WHERE oid = 'billing.invoices_eu'::regclass"));
    }
}
