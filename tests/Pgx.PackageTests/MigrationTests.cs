using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tasks.Migrations;
using Pgx.PackageTests.Infrastructure;
using Pgx.Testing;

namespace Pgx.PackageTests;

/// <summary>
/// Versioned migrations from the build, as a team uses them: a project with the package adds migration 1 from no
/// snapshot, its model changes (a column, an index, partitions, a table), the build warns PGX0201 until migration 2
/// captures the change; then the migrations applied in order to empty databases, with psql and with Evolve, give
/// the same catalog as PgxSchema.ApplyAsync of the final model.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class MigrationTests
{
    private const string PendingWarning = "warning PGX0201";

    private readonly PackageFixture _package;

    public MigrationTests(PackageFixture package) => _package = package;

    private string Project => Path.Combine(_package.Root, "migrating");

    private string Migrations => Path.Combine(Project, "Migrations", "Pgx");

    [Fact]
    public async Task Migrations_from_the_build_give_the_catalog_ApplyAsync_gives()
    {
        Directory.CreateDirectory(Project);
        File.WriteAllText(Path.Combine(Project, MigratingProject.Name + ".csproj"), MigratingProject.ProjectFile(_package.Version));
        File.WriteAllText(Path.Combine(Project, "Program.cs"), MigratingProject.NoProgram);
        var restore = await Dotnet.RunAsync(Project, new[] { "restore", "-nodeReuse:false" }, _package.Environment);
        Assert.True(restore.ExitCode == 0, restore.ToString());

        // No records yet: no model to migrate.
        var noModel = await AddMigrationAsync("Initial");
        Assert.NotEqual(0, noModel.ExitCode);
        Assert.Contains("error PGXB005: Migrating has no Pgx model (Pgx.Generated.PgxSchema.Model)", noModel.Output);
        Assert.False(Directory.Exists(Migrations));

        File.WriteAllText(Path.Combine(Project, "Program.cs"), MigratingProject.Program);
        File.WriteAllText(Path.Combine(Project, "Models.cs"), MigratingProject.ModelV1);
        var unnamed = await BuildAsync("-t:PgxAddMigration");
        Assert.NotEqual(0, unnamed.ExitCode);
        Assert.Contains("error PGXB003: Name the migration: dotnet build -t:PgxAddMigration -p:PgxMigrationName=AddEmail", unnamed.Output);
        var badName = await AddMigrationAsync("Add-Email");
        Assert.NotEqual(0, badName.ExitCode);
        Assert.Contains("error PGXB004: 'Add-Email' cannot name a migration", badName.Output);
        Assert.False(Directory.Exists(Migrations));

        // Before the first migration the project does not use migrations: no warning.
        var plain = await BuildAsync();
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain("PGX0201", plain.Output);

        var first = await AddMigrationAsync("Initial");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "V0001__Initial.sql", MigrationFolder.SnapshotFileName }, Files());
        var initial = File.ReadAllText(Path.Combine(Migrations, "V0001__Initial.sql"));
        Assert.StartsWith("-- V0001__Initial.sql: migration 1 (Initial) of Migrating 1.0.0.0 with Pgx.Generators " + _package.Version + ",\n", initial);
        Assert.Contains("from an empty database (no snapshot yet)", initial);
        Assert.Contains("CREATE TABLE IF NOT EXISTS public.events_other PARTITION OF public.events DEFAULT", initial);
        Assert.DoesNotContain('\r', initial);
        var createScriptV1 = Path.Combine(_package.Root, "migrating-v1-pgx.schema.sql");
        File.Copy(Path.Combine(Project, "bin", "Debug", "net10.0", "sql", "pgx.schema.sql"), createScriptV1, overwrite: true);

        var unchanged = await AddMigrationAsync("Nothing");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Contains("Pgx: the model of Migrating has no changes since Migrations/Pgx/pgx.snapshot.json: no migration written.", unchanged.Output);
        Assert.Equal(new[] { "V0001__Initial.sql", MigrationFolder.SnapshotFileName }, Files());
        var upToDate = await BuildAsync();
        Assert.True(upToDate.ExitCode == 0, upToDate.ToString());
        Assert.DoesNotContain("PGX0201", upToDate.Output);

        // The model changes: every build says so, with the command, until a migration captures it.
        File.WriteAllText(Path.Combine(Project, "Models.cs"), MigratingProject.ModelV2);
        var pending = await BuildAsync();
        Assert.True(pending.ExitCode == 0, pending.ToString());
        Assert.Contains(PendingWarning, pending.Output);
        Assert.Contains("Add column public.events.email text", pending.Output);
        Assert.Contains("Add a migration: dotnet build Migrating.csproj -t:PgxAddMigration -p:PgxMigrationName=<Name>", pending.Output);

        var second = await AddMigrationAsync("AddEmail");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain(PendingWarning, second.Output);
        var scripts = MigrationFolder.VersionedFiles(Migrations).Select(f => Path.GetFileName(f)).ToList();
        Assert.Equal("V0001__Initial.sql", scripts[0]);
        Assert.Equal("V0002__AddEmail.sql", scripts[1]);
        Assert.All(scripts.Skip(2), s => Assert.Matches(@"^V0002\.[0-9]+__AddEmail\.sql$", s));

        // Statements that cannot run in a transaction stand alone, marked for Evolve (first line) and Flyway (.conf).
        var outside = scripts.Where(s => File.ReadAllText(Path.Combine(Migrations, s)).StartsWith(MigrationScripts.EvolveTransactionOff + "\n", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(outside);
        Assert.All(outside, s =>
        {
            Assert.Contains("CONCURRENTLY", File.ReadAllText(Path.Combine(Migrations, s)));
            Assert.Equal(MigrationScripts.FlywayTransactionOff, File.ReadAllText(Path.Combine(Migrations, s + ".conf")));
        });
        var addEmail = File.ReadAllText(Path.Combine(Migrations, "V0002__AddEmail.sql"));
        Assert.Contains("from the snapshot Migrations/Pgx/pgx.snapshot.json to the compiled model", addEmail);
        Assert.Contains("(outside a transaction)", addEmail);

        var captured = await BuildAsync();
        Assert.True(captured.ExitCode == 0, captured.ToString());
        Assert.DoesNotContain("PGX0201", captured.Output);

        // The first migration is the whole schema: the same catalog as version 1's create script.
        var server = await PostgresServer.SharedAsync();
        var byCreateScript = await server.CreateDatabaseAsync("migrations_create_v1");
        var created = await PostgresClient.PsqlFileAsync(byCreateScript, createScriptV1);
        Assert.True(created.ExitCode == 0, created.ToString());
        var byFirstMigration = await server.CreateDatabaseAsync("migrations_v1");
        var migrated = await PostgresClient.PsqlAsync(byFirstMigration, new[] { "-X", "-w", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", Path.Combine(Migrations, "V0001__Initial.sql") }, new Dictionary<string, string>());
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        SameCatalog(await CatalogAsync(byCreateScript), await CatalogAsync(byFirstMigration), "psql (V0001 alone, against version 1's pgx.schema.sql)");

        // Three empty databases: the migrations with psql, the migrations with Evolve, ApplyAsync of the final model.
        var byPsql = await server.CreateDatabaseAsync("migrations_psql");
        foreach (var script in MigrationFolder.VersionedFiles(Migrations))
        {
            var arguments = new List<string> { "-X", "-w", "-v", "ON_ERROR_STOP=1" };
            if (!File.ReadAllText(script).StartsWith(MigrationScripts.EvolveTransactionOff, StringComparison.Ordinal))
            {
                arguments.Add("--single-transaction");
            }

            arguments.AddRange(new[] { "-f", script });
            var psql = await PostgresClient.PsqlAsync(byPsql, arguments, new Dictionary<string, string>());
            Assert.True(psql.ExitCode == 0, Path.GetFileName(script) + ": " + psql);
        }

        var byEvolve = await server.CreateDatabaseAsync("migrations_evolve");
        await using (var connection = new NpgsqlConnection(byEvolve))
        {
            var log = new List<string>();
            var evolve = new EvolveDb.Evolve(connection, log.Add)
            {
                Locations = new[] { Migrations },
                MetadataTableName = EvolveChangelog,
                IsEraseDisabled = true,
            };
            evolve.Migrate();
            Assert.True(evolve.NbMigration == scripts.Count, string.Join("\n", log));
        }

        var byApply = await server.CreateDatabaseAsync("migrations_apply");
        var apply = await Dotnet.RunAsync(Project, new[] { Path.Combine(Project, "bin", "Debug", "net10.0", MigratingProject.Name + ".dll"), "apply", byApply }, _package.Environment);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var expected = await CatalogAsync(byApply);
        Assert.Contains("column public.events.email text", expected);
        Assert.Contains(expected, line => line.StartsWith("partition public.events_asia of public.events FOR VALUES IN ('asia')", StringComparison.Ordinal));
        SameCatalog(expected, await CatalogAsync(byPsql), "psql");
        SameCatalog(expected, await CatalogAsync(byEvolve), "Evolve");
    }

    private static void SameCatalog(List<string> expected, List<string> actual, string how) =>
        Assert.True(expected.SequenceEqual(actual),
            "The migrations applied with " + how + " give another catalog.\nonly in the expected catalog:\n  "
            + string.Join("\n  ", expected.Except(actual)) + "\nonly after the migrations:\n  " + string.Join("\n  ", actual.Except(expected)));

    private const string EvolveChangelog = "pgx_evolve_changelog";

    /// <summary>
    /// What a schema is made of, one line each, sorted: columns (type, nullability, default), indexes (definition and
    /// validity), partitions (parent and bound) and inheritance children, constraints, triggers, routing functions
    /// (a hash of the body) and sequences. Columns by name: a column added later comes last in the table, which the
    /// model's order does not say.
    /// </summary>
    private static async Task<List<string>> CatalogAsync(string connectionString)
    {
        const string Relations = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND c.relname NOT LIKE '" + EvolveChangelog + "%'";
        var sql = $"""
            SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END || COALESCE(' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE {Relations} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'index ' || pg_catalog.pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {Relations}
            UNION ALL
            SELECT 'partition ' || n.nspname || '.' || c.relname || ' of ' || pn.nspname || '.' || p.relname || COALESCE(' ' || pg_catalog.pg_get_expr(c.relpartbound, c.oid), ' (inherits)')
            FROM pg_catalog.pg_inherits h
            JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_class p ON p.oid = h.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
            WHERE {Relations} AND c.relkind IN ('r', 'p')
            UNION ALL
            SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || co.conname || ' ' || pg_catalog.pg_get_constraintdef(co.oid)
            FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {Relations}
            UNION ALL
            SELECT 'trigger ' || pg_catalog.pg_get_triggerdef(t.oid)
            FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {Relations} AND NOT t.tgisinternal
            UNION ALL
            SELECT 'function ' || n.nspname || '.' || p.proname || ' ' || pg_catalog.md5(p.prosrc)
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
            UNION ALL
            SELECT 'sequence ' || n.nspname || '.' || c.relname || ' ' || pg_catalog.format_type(s.seqtypid, NULL)
            FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {Relations}
            ORDER BY 1
            """;
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private Task<DotnetResult> AddMigrationAsync(string name) => BuildAsync("-t:PgxAddMigration", "-p:PgxMigrationName=" + name);

    private Task<DotnetResult> BuildAsync(params string[] arguments) =>
        Dotnet.RunAsync(Project, new[] { "build", "--no-restore", "-nodeReuse:false" }.Concat(arguments), _package.Environment);

    private string[] Files() => Directory.GetFiles(Migrations).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray()!;
}
