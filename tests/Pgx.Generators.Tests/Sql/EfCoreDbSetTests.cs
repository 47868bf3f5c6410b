using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>PGX0105 against the real EF Core 10 and Npgsql.EntityFrameworkCore.PostgreSQL 10 assemblies.</summary>
public sealed class EfCoreDbSetTests : RuleTests
{
    private const string Usings = "using System; using Microsoft.EntityFrameworkCore; using Pgx;\n";

    /// <summary>What PGX0105 suggests where no repository is generated.</summary>
    private const string InsertByHand = "an INSERT into the child table that takes the key from nextval() first";

    public EfCoreDbSetTests()
        : base("PGX0105")
    {
    }

    /// <summary>PGX0105 at <paramref name="location"/>: what maps the table, the table, where it is declared trigger-routed, what to insert with.</summary>
    private static DiagnosticResult Mapped(int location, string what, string table, string origin, string insert) =>
        Diagnostic("PGX0105").WithLocation(location).WithArguments(what, table, origin, insert);

    [Fact]
    public Task DbSet_of_a_trigger_routed_record_fires_and_others_do_not() => VerifyAsync(
        Usings + "using System.Linq;\n" + SqlCallSiteSources.Tables + """
        [PgTable("orders")]
        public sealed record Order(long Id, decimal Total);

        public sealed class ShopDb : DbContext
        {
            public {|#0:DbSet<T>|} Ts { get; set; } = null!;
            public DbSet<Event> Events { get; set; } = null!;
            public DbSet<Plain> Plains { get; set; } = null!;
            public DbSet<Order> Orders { get; set; } = null!;

            protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost");

            public IQueryable<T> Recent() => {|#1:Set<T>()|}.Where(t => t.Id > 0);
        }

        public sealed class NotAContext
        {
            public DbSet<T>? Ts { get; set; }
        }
        """,
        Mapped(0, "DbSet<T> Ts", "public.t", "record T", "TRepository.InsertAsync"),
        Mapped(1, "Set<T>()", "public.t", "record T", "TRepository.InsertAsync"));

    [Fact]
    public Task DbSet_of_an_entity_whose_table_is_declared_trigger_routed_by_hand_fires() => VerifyAsync(
        Usings + """
        [assembly: TriggerRoutedTable("billing.invoices")]
        [assembly: TriggerRoutedTable("\"Payments\"")]

        [System.ComponentModel.DataAnnotations.Schema.Table("invoices", Schema = "billing")]
        public sealed class Invoice { public long Id { get; set; } }
        public sealed class Payment { public long Id { get; set; } }
        public sealed class Refund { public long Id { get; set; } }

        public sealed class BillingDb : DbContext
        {
            public {|#0:DbSet<Invoice>|} Invoices { get; set; } = null!;
            public {|#1:DbSet<Payment>|} Payments { get; set; } = null!;
            public DbSet<Payment> payments { get; set; } = null!;
            public DbSet<Refund> Refunds { get; set; } = null!;
        }
        """,
        Mapped(0, "DbSet<Invoice> Invoices", "billing.invoices", "[assembly: TriggerRoutedTable(\"billing.invoices\")] in TestProject", InsertByHand),
        Mapped(1, "DbSet<Payment> Payments", "public.\"Payments\"", "[assembly: TriggerRoutedTable(\"\"Payments\"\")] in TestProject", InsertByHand));

    [Fact]
    public Task A_fluent_ToTable_onto_a_trigger_routed_table_fires() => VerifyAsync(
        Usings + """
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
                {|#0:modelBuilder.Entity<Invoice>().ToTable("invoices", "billing")|};
                modelBuilder.Entity<Refund>().ToTable("refunds", "billing");
                modelBuilder.Entity<Ledger>(b => {|#1:b.ToTable("invoices", schema: "billing")|});
                modelBuilder.Entity<Ledger>().ToTable("Invoices", "billing"); // EF quotes names: another table
                modelBuilder.Entity<Ledger>().ToTable((string?)null); // not mapped to a table at all
                modelBuilder.Entity<T>().ToTable("t"); // a Pgx record: reported at its DbSet or Set<T>(), not here
            }
        }
        """,
        Mapped(0, "ToTable(…) of Invoice", "billing.invoices", "[assembly: TriggerRoutedTable(\"billing.invoices\")] in TestProject", InsertByHand),
        Mapped(1, "ToTable(…) of Ledger", "billing.invoices", "[assembly: TriggerRoutedTable(\"billing.invoices\")] in TestProject", InsertByHand));

    [Fact]
    public Task A_trigger_routed_record_from_a_referenced_assembly_fires()
    {
        var models = TestCompilation.ToReference(TestCompilation.Create(new[] { "namespace Models { " + SqlCallSiteSources.Tables.Replace("PgTable", "Pgx.PgTable").Replace("PartitionBy(", "Pgx.PartitionBy(").Replace("PartitionKind", "Pgx.PartitionKind").Replace("PartitionRouting", "Pgx.PartitionRouting").Replace("ListPartition", "Pgx.ListPartition").Replace("RangePartition", "Pgx.RangePartition").Replace("PgKey", "Pgx.PgKey") + " }" }, assemblyName: "Models"));
        return VerifyAsync(
            Usings + """
            public sealed class ReportDb : DbContext
            {
                public {|#0:DbSet<Models.T>|} Ts { get; set; } = null!;
                public DbSet<Models.Event> Events { get; set; } = null!;
            }
            """,
            models,
            Mapped(0, "DbSet<T> Ts", "public.t", "record Models.T", InsertByHand));
    }

    [Fact]
    public async Task The_message_names_the_generated_repository_only_where_there_is_one()
    {
        var source = Usings + """
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
                public {|#0:DbSet<T>|} Ts { get; set; } = null!;
                public {|#1:DbSet<Tagged>|} Tagged { get; set; } = null!;
                public {|#2:DbSet<Invoice>|} Invoices { get; set; } = null!;
            }
            """;
        var run = GeneratorRun.Of(source.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("|}", ""));
        Assert.NotNull(run.Output.GetTypeByMetadataName("TRepository"));
        Assert.Null(run.Output.GetTypeByMetadataName("TaggedRepository"));

        // The project as dotnet build sees it: the generator runs, and the analyzers read its output too.
        var test = Test(
            source,
            Mapped(0, "DbSet<T> Ts", "public.t", "record T", "TRepository.InsertAsync"),
            Mapped(1, "DbSet<Tagged> Tagged", "public.tagged", "record Tagged", InsertByHand),
            Mapped(2, "DbSet<Invoice> Invoices", "billing.invoices", "[assembly: TriggerRoutedTable(\"billing.invoices\")] in TestProject", InsertByHand));
        test.RunsGenerator = true;
        await test.RunAsync();
    }

    [Theory]
    [InlineData(true, "TRepository.InsertAsync")]
    [InlineData(false, InsertByHand)]
    public Task For_a_record_from_a_referenced_assembly_the_message_follows_what_that_assembly_holds(bool generated, string advice)
    {
        var source = Usings + "namespace Models {\n" + SqlCallSiteSources.Tables + "}\n";
        var models = generated ? GeneratorRun.Of(source).Output : TestCompilation.Create(new[] { source }, assemblyName: "Models");
        return VerifyAsync(
            Usings + "public sealed class ReportDb : DbContext { public {|#0:DbSet<Models.T>|} Ts { get; set; } = null!; }",
            TestCompilation.ToReference(models.WithAssemblyName("Models")),
            Mapped(0, "DbSet<T> Ts", "public.t", "record Models.T", advice));
    }
}
