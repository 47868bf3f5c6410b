using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>PGX0105 against the real EF Core 10 and Npgsql.EntityFrameworkCore.PostgreSQL 10 assemblies.</summary>
public sealed class EfCoreDbSetTests
{
    private const string Usings = "using System; using Microsoft.EntityFrameworkCore; using Pgx;\n";

    [Fact]
    public Task DbSet_of_a_trigger_routed_record_fires_and_others_do_not() => AnalyzerRun.VerifyAsync(Usings + "using System.Linq;\n" + SqlCallSiteSources.Tables + """
        [PgTable("orders")]
        public sealed record Order(long Id, decimal Total);

        public sealed class ShopDb : DbContext
        {
            public {|PGX0105:DbSet<T>|} Ts { get; set; } = null!;
            public DbSet<Event> Events { get; set; } = null!;
            public DbSet<Plain> Plains { get; set; } = null!;
            public DbSet<Order> Orders { get; set; } = null!;

            protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost");

            public IQueryable<T> Recent() => {|PGX0105:Set<T>()|}.Where(t => t.Id > 0);
        }

        public sealed class NotAContext
        {
            public DbSet<T>? Ts { get; set; }
        }
        """);

    [Fact]
    public Task DbSet_of_an_entity_whose_table_is_declared_trigger_routed_by_hand_fires() => AnalyzerRun.VerifyAsync(Usings + """
        [assembly: TriggerRoutedTable("billing.invoices")]
        [assembly: TriggerRoutedTable("\"Payments\"")]

        [System.ComponentModel.DataAnnotations.Schema.Table("invoices", Schema = "billing")]
        public sealed class Invoice { public long Id { get; set; } }
        public sealed class Payment { public long Id { get; set; } }
        public sealed class Refund { public long Id { get; set; } }

        public sealed class BillingDb : DbContext
        {
            public {|PGX0105:DbSet<Invoice>|} Invoices { get; set; } = null!;
            public {|PGX0105:DbSet<Payment>|} Payments { get; set; } = null!;
            public DbSet<Payment> payments { get; set; } = null!;
            public DbSet<Refund> Refunds { get; set; } = null!;
        }
        """);

    [Fact]
    public async Task A_trigger_routed_record_from_a_referenced_assembly_fires()
    {
        var models = TestCompilation.ToReference(TestCompilation.Create(new[] { "namespace Models { " + SqlCallSiteSources.Tables.Replace("PgTable", "Pgx.PgTable").Replace("PartitionBy(", "Pgx.PartitionBy(").Replace("PartitionKind", "Pgx.PartitionKind").Replace("PartitionRouting", "Pgx.PartitionRouting").Replace("ListPartition", "Pgx.ListPartition").Replace("RangePartition", "Pgx.RangePartition").Replace("PgKey", "Pgx.PgKey") + " }" }, assemblyName: "Models"));
        await AnalyzerRun.VerifyAsync(
            Usings + """
            public sealed class ReportDb : DbContext
            {
                public {|PGX0105:DbSet<Models.T>|} Ts { get; set; } = null!;
                public DbSet<Models.Event> Events { get; set; } = null!;
            }
            """,
            models);
    }
}
