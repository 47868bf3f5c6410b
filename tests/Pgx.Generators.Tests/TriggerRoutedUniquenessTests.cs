using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>
/// What PGX0025 and PGX0030 say, checked on PostgreSQL with the generated DDL: on a trigger-routed table a unique
/// index or a key without the partition key holds within each child only; with the partition key it holds for the
/// whole table, because equal partition keys always land in the same child.
/// </summary>
public sealed class TriggerRoutedUniquenessTests
{
    private const string Accounts = """
        using Pgx;

        [PgTable("accounts")]
        [PartitionBy(nameof(Region), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("accounts_eu", "eu")]
        [ListPartition("accounts_us", "us")]
        [PgIndex(nameof(Email), Unique = true)]
        [PgIndex(nameof(Handle), nameof(Region), Unique = true)]
        public sealed record Account([property: PgKey(UseSequence = false)] long Id, string Region, string Email, string Handle);
        """;

    [Fact]
    public async Task The_analyzer_warns_on_the_index_and_the_key_that_hold_per_child_only_and_the_generator_still_generates()
    {
        var diagnostics = await AnalyzerRun.DiagnosticsAsync(Accounts);
        Assert.Equal(new[] { "PGX0025", "PGX0030" }, diagnostics.Select(d => d.Id));
        Assert.Contains("(email)", diagnostics[0].GetMessage());
        Assert.Contains("nameof(Account.Region)", diagnostics[0].GetMessage());
        Assert.Equal("UseSequence = false", Accounts.Substring(diagnostics[1].Location.SourceSpan.Start, diagnostics[1].Location.SourceSpan.Length));
        Assert.EndsWith("mark Account.Id and Account.Region with [PgKey], so the key includes the partition key", diagnostics[1].GetMessage());

        var run = GeneratorRun.Of(Accounts);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("CREATE UNIQUE INDEX accounts_eu_email_key ON public.accounts_eu (email);", run.SchemaSql);
    }

    [Theory]
    [InlineData("[PgIndex(nameof(Email), nameof(Region), Unique = true)] public sealed record Account([property: PgKey] long Id, string Region, string Email);")]
    [InlineData("public sealed record Account([property: PgKey(UseSequence = false)] long Id, [property: PgKey] string Region, string Email);")]
    [InlineData("public sealed record Account([property: PgKey, PgSequence(\"account_ids\")] long Id, [property: PgKey] string Region, string Email);")]
    [InlineData("public sealed record Account([property: PgKey] System.Guid Id, [property: PgKey] string Region, string Email);")]
    public async Task The_advised_models_are_silent_and_generate_a_repository(string record)
    {
        var source = """
            using Pgx;
            [PgTable("accounts")]
            [PartitionBy(nameof(Region), PartitionKind.List, Routing = PartitionRouting.Trigger)]
            [ListPartition("accounts_eu", "eu")]
            [ListPartition("accounts_us", "us")]
            """ + "\n" + record;

        Assert.Empty(await AnalyzerRun.DiagnosticsAsync(source));
        var run = GeneratorRun.Of(source);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("public sealed partial class AccountRepository", run.Sources["Account.Pgx.g.cs"]);
    }

    [Fact]
    public async Task Without_the_partition_key_the_same_key_and_email_are_stored_once_per_child_with_it_the_handle_once()
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("trigger_uniqueness"));
        await db.ExecuteAsync(GeneratorRun.Of(Accounts).SchemaSql);

        const string insert = "INSERT INTO accounts (id, region, email, handle) VALUES ($1, $2, $3, $4)";
        await db.ExecuteAsync(insert, 1L, "eu", "ada@example.com", "ada");
        await db.ExecuteAsync(insert, 1L, "us", "ada@example.com", "ada");
        Assert.Equal(
            new[] { "accounts_eu", "accounts_us" },
            await db.ColumnAsync("SELECT tableoid::regclass::text FROM accounts WHERE id = 1 AND email = 'ada@example.com' ORDER BY 1"));

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(insert, 2L, "eu", "grace@example.com", "ada"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.Equal("accounts_eu_handle_region_key", duplicate.ConstraintName);
    }
}
