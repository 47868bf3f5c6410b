using System;
using System.Globalization;
using System.Linq;
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
    public Task A_fluent_ToTable_onto_a_trigger_routed_table_fires() => AnalyzerRun.VerifyAsync(Usings + """
        [assembly: TriggerRoutedTable("billing.invoices")]

        """ + SqlCallSiteSources.Tables + """
        public sealed class Invoice { public long Id { get; set; } }
        public sealed class Refund { public long Id { get; set; } }
        public sealed class Ledger { public long Id { get; set; } }

        public sealed class BillingDb : DbContext
        {
            public DbSet<Invoice> Bills { get; set; } = null!; // the DbSet's name is not the table: ToTable says which
            public DbSet<Refund> Refunds { get; set; } = null!;

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|PGX0105:modelBuilder.Entity<Invoice>().ToTable("invoices", "billing")|};
                modelBuilder.Entity<Refund>().ToTable("refunds", "billing");
                modelBuilder.Entity<Ledger>(b => {|PGX0105:b.ToTable("invoices", schema: "billing")|});
                modelBuilder.Entity<Ledger>().ToTable("Invoices", "billing"); // EF quotes names: another table
                modelBuilder.Entity<Ledger>().ToTable((string?)null); // not mapped to a table at all
                modelBuilder.Entity<T>().ToTable("t"); // a Pgx record: reported at its DbSet or Set<T>(), not here
            }
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

    [Fact]
    public async Task The_message_names_the_generated_repository_only_where_there_is_one()
    {
        var run = GeneratorRun.Of(Usings + """
            [assembly: TriggerRoutedTable("billing.invoices")]

            """ + SqlCallSiteSources.Tables + """
            [PgTable("tagged")]
            [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("tagged_1", 1)]
            public sealed record Tagged([property: PgKey] long Id, int P)
            {
                [PgIgnore] public required string Tag { get; init; } // a repository could not set it: none is generated
            }

            [System.ComponentModel.DataAnnotations.Schema.Table("invoices", Schema = "billing")]
            public sealed class Invoice { public long Id { get; set; } }

            public sealed class ShopDb : DbContext
            {
                public DbSet<T> Ts { get; set; } = null!;
                public DbSet<Tagged> Tagged { get; set; } = null!;
                public DbSet<Invoice> Invoices { get; set; } = null!;
            }
            """);
        Assert.NotNull(run.Output.GetTypeByMetadataName("TRepository"));
        Assert.Null(run.Output.GetTypeByMetadataName("TaggedRepository"));

        var messages = (await AnalyzerRun.DiagnosticsAsync(run.Output)).Where(d => d.Id == "PGX0105").Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(3, messages.Count);
        Assert.Contains("insert with TRepository.InsertAsync and keep EF Core", Assert.Single(messages, m => m.StartsWith("DbSet<T> Ts", StringComparison.Ordinal)));
        Assert.Contains("insert with an INSERT into the child table that takes the key from nextval() first", Assert.Single(messages, m => m.StartsWith("DbSet<Tagged>", StringComparison.Ordinal)));
        Assert.Contains("insert with an INSERT into the child table that takes the key from nextval() first", Assert.Single(messages, m => m.StartsWith("DbSet<Invoice>", StringComparison.Ordinal)));
        Assert.DoesNotContain(messages, m => m.Contains("TaggedRepository", StringComparison.Ordinal) || m.Contains("InvoiceRepository", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "insert with TRepository.InsertAsync")]
    [InlineData(false, "insert with an INSERT into the child table")]
    public async Task For_a_record_from_a_referenced_assembly_the_message_follows_what_that_assembly_holds(bool generated, string advice)
    {
        var source = Usings + "namespace Models {\n" + SqlCallSiteSources.Tables + "}\n";
        var models = generated ? GeneratorRun.Of(source).Output : TestCompilation.Create(new[] { source }, assemblyName: "Models");
        var consumer = TestCompilation.Create(
            new[] { Usings + "public sealed class ReportDb : DbContext { public DbSet<Models.T> Ts { get; set; } = null!; }" },
            references: TestCompilation.References.Add(TestCompilation.ToReference(models.WithAssemblyName("Models"))));

        var diagnostic = Assert.Single(await AnalyzerRun.DiagnosticsAsync(consumer), d => d.Id == "PGX0105");

        Assert.Contains(advice, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }
}
