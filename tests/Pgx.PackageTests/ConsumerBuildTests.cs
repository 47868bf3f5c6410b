using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using Pgx.PackageTests.Infrastructure;
using Pgx.Testing;

namespace Pgx.PackageTests;

/// <summary>
/// A fresh project with `PackageReference Include="Pgx.Generators"`, built from the local feed the way a user
/// builds: the generator runs, model mistakes fail the build at their line, the SQL artifacts appear and apply.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerBuildTests
{
    private const string BodyStart = "-- pgx: body begins\n";
    private const string BodyEnd = "-- pgx: body ends\n";

    private readonly PackageFixture _package;

    public ConsumerBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_package_build_files_are_imported_once()
    {
        var targets = File.ReadAllText(Path.Combine(_package.Consumer, "obj", ConsumerProject.Name + ".csproj.nuget.g.targets"));
        var props = File.ReadAllText(Path.Combine(_package.Consumer, "obj", ConsumerProject.Name + ".csproj.nuget.g.props"));

        Assert.Single(Occurrences(targets, "Pgx.Generators.targets\""));
        Assert.Single(Occurrences(props, "Pgx.Generators.props\""));
        Assert.Contains(_package.Consumer + "/bin/Debug/net10.0/sql/ (pgx.schema.sql, pgx.foreign.sql, pgx.seed.sql)", _package.Build.Output);
    }

    [Fact]
    public async Task The_artifacts_are_the_compiled_constants_byte_for_byte()
    {
        var oracle = Path.Combine(_package.Root, "constants-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(oracle);
        var run = await _package.RunConsumerAsync("constants", oracle);
        Assert.True(run.ExitCode == 0, run.ToString());

        var schema = File.ReadAllBytes(Path.Combine(_package.SqlFolder, "pgx.schema.sql"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(oracle, "Sql.txt")), Body(schema));
        Assert.Equal(File.ReadAllBytes(Path.Combine(oracle, "Seed.txt")), Body(File.ReadAllBytes(Path.Combine(_package.SqlFolder, "pgx.seed.sql"))));

        // The consumer declares a foreign table, so pgx.foreign.sql is the real postgres_fdw refresh.
        var foreign = File.ReadAllBytes(Path.Combine(_package.SqlFolder, "pgx.foreign.sql"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(oracle, "ForeignSql.txt")), Body(foreign));
        var foreignText = Encoding.UTF8.GetString(foreign);
        Assert.Contains("\n-- psql variables: app_db_dbname, app_db_host, app_db_password, app_db_port, app_db_user\n", foreignText);
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS postgres_fdw;", foreignText);
        Assert.Contains("customers", foreignText);

        var text = Encoding.UTF8.GetString(schema);
        Assert.StartsWith("-- pgx.schema.sql for Consumer 1.0.0.0, written at build time by Pgx.Generators " + _package.Version + " from\n", text);
        Assert.DoesNotContain('\r', text);
        Assert.Contains("CREATE TABLE IF NOT EXISTS public.t1", text);
        Assert.Contains("CREATE TABLE IF NOT EXISTS shop.orders_eu PARTITION OF shop.orders", text);
    }

    [Fact]
    public async Task The_artifacts_apply_twice_with_psql_and_agree_with_ApplyAsync()
    {
        var server = await PostgresServer.SharedAsync();
        await using var app = await AppDatabase.CreateAsync(server, "package_app");
        var database = await server.CreateDatabaseAsync("package_consumer");
        await using var db = NpgsqlDataSource.Create(database);

        // The credentials reach pgx.foreign.sql only as psql variables, as a deployment pipeline passes them.
        for (var run = 1; run <= 2; run++)
        {
            foreach (var script in new[] { "pgx.schema.sql", "pgx.foreign.sql" })
            {
                var result = await PostgresClient.PsqlFileAsync(database, Path.Combine(_package.SqlFolder, script), app.PsqlVariables);
                Assert.True(result.ExitCode == 0, script + " run " + run + ": " + result);
                Assert.DoesNotContain(app.Password, result.ToString());
            }
        }

        var applied = await PostgresClient.SchemaDumpAsync(database);
        Assert.Contains("CREATE TABLE public.t1", applied);
        Assert.Contains("CREATE TRIGGER t_insert_trigger BEFORE INSERT ON public.t", applied);
        Assert.Contains("ATTACH PARTITION shop.orders_us", applied);
        Assert.Contains("CREATE FOREIGN TABLE app.customers", applied);

        // The foreign table answers, through a link that logs in as the read-only role with its password.
        await using (var customer = db.CreateCommand("SELECT name FROM app.customers WHERE id = 3"))
        {
            Assert.Equal("Carol", await customer.ExecuteScalarAsync());
        }

        await using (var appDb = NpgsqlDataSource.Create(app.ConnectionString))
        await using (var sessions = appDb.CreateCommand("SELECT array_agg(DISTINCT usename::text) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'postgres_fdw'"))
        {
            Assert.Equal(new[] { app.Role }, (string[])(await sessions.ExecuteScalarAsync())!);
        }

        // The package's runtime applies the same schema over it without a change (same credentials, from the app's
        // connection string), and its generated repository inserts.
        var apply = await _package.RunConsumerAsync("apply", database, app.ConnectionStringForRole);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(applied, await PostgresClient.SchemaDumpAsync(database));
        Assert.Contains("customer 2: Customer { Id = 2, Name = Bob }", apply.Output);
    }

    [Fact]
    public async Task The_generated_repository_inserts_into_the_child_and_returns_the_row()
    {
        var server = await PostgresServer.SharedAsync();
        await using var app = await AppDatabase.CreateAsync(server, "package_app");
        var database = await server.CreateDatabaseAsync("package_repository");
        await using var db = NpgsqlDataSource.Create(database);
        await using (var earlier = db.CreateCommand("CREATE SEQUENCE public.t_id_seq AS bigint START 41"))
        {
            await earlier.ExecuteNonQueryAsync(); // the table's sequence exists already: the key must come from it
        }

        var run = await _package.RunConsumerAsync("apply", database, app.ConnectionStringForRole);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("inserted: T { Id = 41, P = 1, Value = from the consumer }\n", run.Output);
        await using var stored = db.CreateCommand("SELECT tableoid::regclass::text || ' ' || id || ' ' || p || ' ' || value FROM t");
        Assert.Equal("t1 41 1 from the consumer", await stored.ExecuteScalarAsync());
        await using var parent = db.CreateCommand("SELECT count(*) FROM ONLY t");
        Assert.Equal(0L, await parent.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_build_with_the_password_in_its_environment_writes_it_nowhere()
    {
        // CI secrets arrive as environment variables, which MSBuild sees as properties: none may reach an output.
        var password = "pw '\\\" " + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string>(_package.Environment) { ["PGPASSWORD"] = password, ["APP_DB_PASSWORD"] = password };
        var build = await Dotnet.RunAsync(_package.Consumer, new[] { "build", "--no-restore", "-nodeReuse:false", "-p:OutDir=bin/secret/", "-p:IntermediateOutputPath=obj/secret/" }, environment);
        Assert.True(build.ExitCode == 0, build.ToString());

        var output = Path.Combine(_package.Consumer, "bin", "secret");
        var intermediate = Path.Combine(_package.Consumer, "obj", "secret");
        var foreign = await File.ReadAllTextAsync(Path.Combine(output, "sql", "pgx.foreign.sql"));
        Assert.Contains("\\setenv PGX_FOREIGN_SECRET :app_db_password\n", foreign);
        Assert.Contains("table_name 'customers'", foreign);
        var generated = Directory.GetFiles(Path.Combine(intermediate, "generated"), "*.cs", SearchOption.AllDirectories);
        Assert.Contains(generated, file => Path.GetFileName(file) == "PgxSchema.g.cs");
        Assert.Contains(generated, file => File.ReadAllText(file).Contains("public sealed partial class CustomerRepository", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, ConsumerProject.Name + ".dll")));

        // Every file of the build — the dll (string literals are UTF-16 in metadata), the artifacts, the generated
        // sources, MSBuild's caches — in both encodings.
        var needles = new[] { Encoding.UTF8.GetBytes(password), Encoding.Unicode.GetBytes(password) };
        var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Concat(Directory.GetFiles(intermediate, "*", SearchOption.AllDirectories)).ToList();
        Assert.True(files.Count > 10, string.Join("\n", files));
        Assert.All(files, file =>
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(needles.Any(needle => bytes.AsSpan().IndexOf(needle) >= 0), file + " holds the password");
        });
    }

    [Fact]
    public async Task A_constant_of_your_own_becomes_an_artifact_that_names_its_psql_variables()
    {
        var path = Path.Combine(_package.SqlFolder, "pgx.seed.sql");
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("\n-- psql variables: greeting\n", text);
        Assert.Contains("\n-- Apply: psql -v ON_ERROR_STOP=1 -v greeting=... -f pgx.seed.sql\n", text);

        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("package_seed");
        var schema = await PostgresClient.PsqlFileAsync(database, Path.Combine(_package.SqlFolder, "pgx.schema.sql"));
        Assert.True(schema.ExitCode == 0, schema.ToString());
        for (var run = 1; run <= 2; run++)
        {
            var seed = await PostgresClient.PsqlFileAsync(database, path, new Dictionary<string, string> { ["greeting"] = "it's me" });
            Assert.True(seed.ExitCode == 0, seed.ToString());
        }

        await using var db = NpgsqlDataSource.Create(database);
        await using var count = db.CreateCommand("SELECT count(*) FROM t1 WHERE value = 'it''s me'");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_model_mistake_fails_the_build_at_its_file_and_line()
    {
        var result = await _package.BuildAsync("-p:" + ConsumerProject.IncludeBadModel + "=true", "-p:OutDir=bin/bad/", "-p:IntermediateOutputPath=obj/bad/");

        var lines = ConsumerProject.BadModel.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("\"dup_b\", 3, 2", StringComparison.Ordinal));
        var column = lines[line].IndexOf("3, 2", StringComparison.Ordinal) + "3, ".Length;
        var expected = Path.Combine(_package.Consumer, "Bad", "Duplicate.cs") + "(" + (line + 1) + "," + (column + 1) + "): error PGX0004:";

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Output);
        Assert.DoesNotContain("AD0001", result.Output);
        Assert.DoesNotContain("CS8785", result.Output);
        Assert.False(File.Exists(Path.Combine(_package.Consumer, "bin", "bad", "Consumer.dll")));
    }

    [Fact]
    public async Task An_unchanged_build_skips_the_artifact_step()
    {
        var before = Directory.GetFiles(_package.SqlFolder).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var result = await _package.BuildAsync("-v:n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Skipping target \"WritePgxSqlArtifacts\" because all output files are up-to-date", result.Output);
        Assert.Equal(before, Directory.GetFiles(_package.SqlFolder).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public async Task PgxWriteSqlArtifacts_false_writes_none()
    {
        var result = await _package.BuildAsync("-p:PgxWriteSqlArtifacts=false", "-p:OutDir=bin/off/", "-p:IntermediateOutputPath=obj/off/");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(_package.Consumer, "bin", "off", "Consumer.dll")));
        Assert.False(Directory.Exists(Path.Combine(_package.Consumer, "bin", "off", "sql")));
    }

    [Fact]
    public async Task Without_a_transaction_the_script_runs_inside_a_migration_tools_transaction()
    {
        var result = await _package.BuildAsync("-p:PgxSqlTransaction=false", "-p:OutDir=bin/notx/", "-p:PgxSqlOutputPath=migrations/", "-p:IntermediateOutputPath=obj/notx/");
        Assert.True(result.ExitCode == 0, result.ToString());
        var script = await File.ReadAllTextAsync(Path.Combine(_package.Consumer, "migrations", "pgx.schema.sql"));
        Assert.DoesNotContain("\nBEGIN;\n", script);
        Assert.DoesNotContain("\nCOMMIT;\n", script);
        Assert.Contains("pg_advisory_xact_lock", script);

        // What EF Core's migrationBuilder.Sql or Flyway does: run the script in the tool's own transaction.
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("package_migration"));
        await using (var connection = await db.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var migrate = new NpgsqlCommand(script, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync();
            }

            await transaction.RollbackAsync();
        }

        await using (var none = db.CreateCommand("SELECT count(*) FROM pg_class WHERE relname IN ('t', 'orders')"))
        {
            Assert.Equal(0L, await none.ExecuteScalarAsync());
        }

        for (var run = 1; run <= 2; run++)
        {
            await using var connection = await db.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var migrate = new NpgsqlCommand(script, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        await using var both = db.CreateCommand("SELECT count(*) FROM pg_class WHERE relname IN ('t', 'orders')");
        Assert.Equal(2L, await both.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Publish_copies_the_artifacts_beside_the_app_unless_turned_off()
    {
        var published = Path.Combine(_package.Root, "publish-" + Guid.NewGuid().ToString("N"));
        var result = await Dotnet.RunAsync(_package.Consumer, new[] { "publish", "--no-build", "-c", "Debug", "-nodeReuse:false", "-o", published }, _package.Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(published, ConsumerProject.Name + ".dll")));
        foreach (var script in new[] { "pgx.schema.sql", "pgx.foreign.sql", "pgx.seed.sql" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_package.SqlFolder, script)), File.ReadAllBytes(Path.Combine(published, "sql", script)));
        }

        var off = Path.Combine(_package.Root, "publish-off-" + Guid.NewGuid().ToString("N"));
        result = await Dotnet.RunAsync(_package.Consumer, new[] { "publish", "--no-build", "-c", "Debug", "-nodeReuse:false", "-o", off, "-p:PgxPublishSqlArtifacts=false" }, _package.Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(off, ConsumerProject.Name + ".dll")));
        Assert.False(Directory.Exists(Path.Combine(off, "sql")));
    }

    [Fact]
    public async Task A_project_that_only_references_a_consumer_gets_the_runtime_but_no_artifacts()
    {
        var restore = await Dotnet.RunAsync(_package.Transitive, new[] { "restore", "-nodeReuse:false" }, _package.Environment);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var build = await Dotnet.RunAsync(_package.Transitive, new[] { "build", "--no-restore", "-nodeReuse:false", "-v:n" }, _package.Environment);
        Assert.True(build.ExitCode == 0, build.ToString());

        // The package's build files reach it through buildTransitive; the generator does not (analyzers are
        // private to the project that references the package), so it has no PgxSchema and gets no scripts.
        Assert.Contains("buildTransitive/Pgx.Generators.targets", File.ReadAllText(Path.Combine(_package.Transitive, "obj", "Transitive.csproj.nuget.g.targets")));
        Assert.Contains("Pgx: Transitive declares no Pgx records", build.Output);
        // It compiled against Pgx.dll (Uses.cs names Pgx.PartitionKind): lib/ flows, scripts do not.
        var output = Path.Combine(_package.Transitive, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Transitive.dll")));
        Assert.False(Directory.Exists(Path.Combine(output, "sql")));
    }

    /// <summary>The bytes between the body markers: what the artifact applies.</summary>
    private static byte[] Body(byte[] artifact)
    {
        var start = artifact.AsSpan().IndexOf(Encoding.UTF8.GetBytes(BodyStart)) + BodyStart.Length;
        var end = artifact.AsSpan().IndexOf(Encoding.UTF8.GetBytes(BodyEnd));
        Assert.True(start >= BodyStart.Length && end >= start, "body markers present and in order");
        return artifact.AsSpan(start, end - start).ToArray();
    }

    private static IEnumerable<int> Occurrences(string text, string value)
    {
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            yield return i;
        }
    }
}
