using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Access;

/// <summary>
/// PostgreSQL checks privileges on the table a statement names, and the repositories name partitions: so every
/// apply gives each partition its parent's table and column privileges. An application role granted on the parent
/// only must be able to use the repositories, and a grant or revoke on the parent reaches the partitions at the
/// next apply.
/// </summary>
public sealed class ParentPrivilegeTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private NpgsqlDataSource Admin => _database.DataSource;

    /// <summary>
    /// A role granted what an application needs on the parents after the schema exists, and nothing on any partition;
    /// then the schema is applied again.
    /// </summary>
    private async Task<LoginRole> GrantedOnParentsAsync()
    {
        await PgxSchema.ApplyAsync(Admin);
        var app = await LoginRole.CreateAsync(Admin, _database.ConnectionString);
        await app.GrantAsync("GRANT USAGE ON SCHEMA billing TO %I");
        await app.GrantAsync("GRANT SELECT, INSERT ON billing.invoices, billing.payments TO %I");
        await app.GrantAsync("GRANT USAGE ON SEQUENCE billing.invoices_id_seq, billing.payments_id_seq TO %I");
        await PgxSchema.ApplyAsync(Admin);
        return app;
    }

    [Fact]
    public async Task A_role_granted_on_the_parent_only_inserts_and_finds_through_the_repositories()
    {
        await using var app = await GrantedOnParentsAsync();

        var invoices = new InvoiceRepository(app.DataSource);
        var invoice = await invoices.InsertAsync(new Invoice(0, "eu", "acme", 10m));
        Assert.Equal(invoice, await invoices.FindAsync(invoice.Id, "eu"));
        var small = await invoices.InsertManyAsync(new[] { new Invoice(0, "us", "acme", 1m), new Invoice(0, "eu", "acme", 2m) });
        var large = await invoices.InsertManyAsync(Enumerable.Range(0, PgxRepositoryConnection.MinRowsForCopy).Select(i => new Invoice(0, "us", "acme", i)).ToList());
        Assert.Equal(small[0], await invoices.FindAsync(small[0].Id, "us"));
        Assert.Equal(large[^1], await invoices.FindAsync(large[^1].Id, "us"));

        var payments = new PaymentRepository(app.DataSource);
        var payment = await payments.InsertAsync(new Payment(0, "us", "acme", 5m));
        Assert.Equal(payment, await payments.FindAsync(payment.Id, "us"));
        await payments.InsertManyAsync(new[] { new Payment(0, "eu", "acme", 6m) });

        Assert.Equal(2L + PgxRepositoryConnection.MinRowsForCopy + 1, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.invoices"));
        Assert.Equal(2L, await Admin.ScalarAsync<long>("SELECT count(*) FROM billing.payments"));
    }

    [Fact]
    public async Task A_role_granted_on_the_parent_only_inserts_through_the_routing_trigger()
    {
        await using var app = await GrantedOnParentsAsync();

        // The routing function runs as the caller and inserts into the child: without the child's grant, 42501.
        await app.DataSource.ExecuteAsync("INSERT INTO billing.invoices (region, tenant, amount) VALUES ('eu', 'acme', 1)");

        Assert.Equal(1L, await Admin.ScalarAsync<long>("SELECT count(*) FROM ONLY billing.invoices_eu"));
    }

    [Fact]
    public async Task Grants_and_revokes_on_the_parent_reach_every_partition_at_the_next_apply()
    {
        await using var app = await LoginRole.CreateAsync(Admin, _database.ConnectionString);
        await PgxSchema.ApplyAsync(Admin);
        await app.GrantAsync("GRANT SELECT, UPDATE ON billing.invoices, billing.payments TO %I WITH GRANT OPTION");
        await app.GrantAsync("GRANT INSERT (tenant, amount) ON billing.invoices, billing.payments TO %I");
        await Admin.ExecuteAsync("GRANT DELETE ON billing.invoices TO PUBLIC");

        await PgxSchema.ApplyAsync(Admin);

        foreach (var partition in new[] { "billing.invoices_eu", "billing.invoices_us", "billing.payments_eu", "billing.payments_us" })
        {
            Assert.True(await Admin.ScalarAsync<bool>("SELECT has_table_privilege($1, $2, 'SELECT WITH GRANT OPTION')", app.Name, partition), partition);
            Assert.True(await Admin.ScalarAsync<bool>("SELECT has_table_privilege($1, $2, 'UPDATE')", app.Name, partition), partition);
            Assert.False(await Admin.ScalarAsync<bool>("SELECT has_table_privilege($1, $2, 'INSERT')", app.Name, partition), partition);
            Assert.True(await Admin.ScalarAsync<bool>("SELECT has_column_privilege($1, $2, 'amount', 'INSERT')", app.Name, partition), partition);
            Assert.False(await Admin.ScalarAsync<bool>("SELECT has_column_privilege($1, $2, 'region', 'INSERT')", app.Name, partition), partition);
        }

        Assert.Equal(2L, await Admin.ScalarAsync<long>("SELECT count(*) FROM pg_class, aclexplode(relacl) a WHERE oid IN ('billing.invoices_eu'::regclass, 'billing.invoices_us'::regclass) AND a.grantee = 0 AND a.privilege_type = 'DELETE'"));

        // A revoke on the parent is a revoke on the partitions: the role must not keep reading them directly.
        await app.GrantAsync("REVOKE SELECT ON billing.invoices FROM %I CASCADE");
        await app.GrantAsync("REVOKE INSERT (amount) ON billing.invoices FROM %I");
        await app.GrantAsync("REVOKE GRANT OPTION FOR UPDATE ON billing.payments FROM %I CASCADE");
        await Admin.ExecuteAsync("REVOKE DELETE ON billing.invoices FROM PUBLIC");
        await PgxSchema.ApplyAsync(Admin);

        Assert.False(await Admin.ScalarAsync<bool>("SELECT has_table_privilege($1, 'billing.invoices_eu', 'SELECT')", app.Name));
        Assert.False(await Admin.ScalarAsync<bool>("SELECT has_column_privilege($1, 'billing.invoices_us', 'amount', 'INSERT')", app.Name));
        Assert.True(await Admin.ScalarAsync<bool>("SELECT has_column_privilege($1, 'billing.invoices_us', 'tenant', 'INSERT')", app.Name));
        Assert.True(await Admin.ScalarAsync<bool>("SELECT has_table_privilege($1, 'billing.payments_us', 'UPDATE')", app.Name));
        Assert.False(await Admin.ScalarAsync<bool>("SELECT has_table_privilege($1, 'billing.payments_us', 'UPDATE WITH GRANT OPTION')", app.Name));
        Assert.Equal(0L, await Admin.ScalarAsync<long>("SELECT count(*) FROM pg_class, aclexplode(relacl) a WHERE relname LIKE 'invoices%' AND a.grantee = 0"));
    }
}
