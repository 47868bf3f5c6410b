using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Testing;

namespace Pgx.Generators.Tests;

/// <summary>
/// Hostile names and values — quotes, dollar-quote tags, semicolons, comment starts, line breaks — in server,
/// database, schema, table and column names, option defaults and the password: the generated C# is compiled,
/// loaded and applied against real PostgreSQL (and the script run by psql), and every object comes out named
/// exactly as declared while a canary table on both sides survives.
/// </summary>
public sealed class ForeignQuotingTests
{
    private const string Server = "odd \"server\"; DROP TABLE canary; --";
    private const string RemoteSchema = "We\"ird $pgx$ schema";
    private const string RemoteTable = "Odd'Table; DROP TABLE canary; --";
    private const string SecondTable = "second\ntable";
    private const string LocalSchema = "Loc al$pgx$";
    private const string LocalTable = "local'name \"x\"";
    private const string ImportSchema = "Imported \"$pgx$'";
    private const string BogusHost = "ho'st\\\"; DROP TABLE canary; --";

    [Fact]
    public async Task Hostile_names_and_values_are_quoted_never_injected()
    {
        await using var remote = await PostgresServer.StartThrowawayAsync();
        await using var remoteAdmin = NpgsqlDataSource.Create(remote.ConnectionString);
        var remoteDatabase = "app'db \"x\" $pgx$ " + Guid.NewGuid().ToString("N").Substring(0, 6);
        var role = "rep'ort \"role\"";
        var password = "p'w\\\" $pgx$ ; DROP TABLE canary; -- " + Guid.NewGuid().ToString("N");
        await FormattedAsync(remoteAdmin, "CREATE DATABASE %I", remoteDatabase);
        await FormattedAsync(remoteAdmin, "CREATE ROLE %I LOGIN PASSWORD %L", role, password);
        await using var app = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(remote.ConnectionString) { Database = remoteDatabase }.ConnectionString);
        await FormattedAsync(app, "CREATE SCHEMA %I", RemoteSchema);
        await FormattedAsync(app, "CREATE TABLE %I.%I (\"Select\" integer NOT NULL, \"a\"\"b\" text NOT NULL, \"line\nbreak\" text)", RemoteSchema, RemoteTable);
        await FormattedAsync(app, "INSERT INTO %I.%I VALUES (1, 'one', 'x'), (2, 'two', NULL)", RemoteSchema, RemoteTable);
        await FormattedAsync(app, "CREATE TABLE %I.%I (id integer)", RemoteSchema, SecondTable);
        await FormattedAsync(app, "GRANT USAGE ON SCHEMA %I TO %I", RemoteSchema, role);
        await FormattedAsync(app, "GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I", RemoteSchema, role);
        await Execute(app, "CREATE TABLE public.canary (id integer)");

        var run = GeneratorRun.Of(Model(remote.Port, remoteDatabase));
        Assert.Empty(run.CompilationDiagnostics);
        var schema = Load(run.Output);

        var shared = await PostgresServer.SharedAsync();
        await using var local = NpgsqlDataSource.Create(await shared.CreateDatabaseAsync("foreign_quoting"));
        await Execute(local, "CREATE TABLE public.canary (id integer)");
        var options = new PgxApplyOptions();
        options.ForeignServers[Server] = new ForeignServerOptions { Host = "127.0.0.1", User = role, Password = password };

        await (Task)schema.GetMethod("ApplyAsync", new[] { typeof(NpgsqlDataSource), typeof(PgxApplyOptions), typeof(CancellationToken) })!
            .Invoke(null, new object?[] { local, options, CancellationToken.None })!;

        Assert.Equal(new[] { "1|one|x", "2|two|NULL" }, await Rows(local, $"SELECT \"Select\" || '|' || \"a\"\"b\" || '|' || coalesce(\"line\nbreak\", 'NULL') FROM {Quote(LocalSchema)}.{Quote(LocalTable)} ORDER BY 1"));
        Assert.Equal(new[] { "2" }, await Rows(local, $"SELECT count(*) FROM {Quote(ImportSchema)}.{Quote(RemoteTable)}"));
        Assert.Equal(new[] { "0" }, await Rows(local, $"SELECT count(*) FROM {Quote(ImportSchema)}.{Quote(SecondTable)}"));
        Assert.Equal(new[] { "async_capable=true", "batch_size=1000", "dbname=" + remoteDatabase, "fetch_size=50", "host=127.0.0.1", "port=" + remote.Port, "use_remote_estimate=false" }, await Rows(local, "SELECT unnest(srvoptions) FROM pg_foreign_server WHERE srvname = $1 ORDER BY 1", Server));
        Assert.Equal(new[] { "password=" + password, "user=" + role }, await Rows(local, "SELECT unnest(umoptions) FROM pg_user_mappings WHERE srvname = $1 ORDER BY 1", Server));
        await Execute(local, "SELECT count(*) FROM public.canary");
        await Execute(app, "SELECT count(*) FROM public.canary");

        var drift = await (Task<IReadOnlyList<PgxDrift>>)schema.GetMethod("CheckForeignDriftAsync")!.Invoke(null, new object?[] { local, CancellationToken.None })!;
        Assert.Empty(drift);

        // The same script through psql: the hostile host default is overridden, the hostile database default is used.
        await using var viaPsql = NpgsqlDataSource.Create(await shared.CreateDatabaseAsync("foreign_quoting_psql"));
        await Execute(viaPsql, "CREATE TABLE public.canary (id integer)");
        var prefix = Emit.ForeignVariables.Prefix(Server);
        var (exitCode, output) = await Psql(viaPsql.ConnectionString, run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql"), new Dictionary<string, string>
        {
            [prefix + "_host"] = "127.0.0.1",
            [prefix + "_user"] = role,
            [prefix + "_password"] = password,
        });
        Assert.True(exitCode == 0, output);
        Assert.Equal(new[] { "2" }, await Rows(viaPsql, $"SELECT count(*) FROM {Quote(LocalSchema)}.{Quote(LocalTable)}"));
        Assert.Equal(new[] { "async_capable=true", "batch_size=1000", "dbname=" + remoteDatabase, "fetch_size=50", "host=127.0.0.1", "port=" + remote.Port, "use_remote_estimate=false" }, await Rows(viaPsql, "SELECT unnest(srvoptions) FROM pg_foreign_server ORDER BY 1"));
        await Execute(viaPsql, "SELECT count(*) FROM public.canary");
    }

    [Fact]
    public async Task The_psql_default_of_a_hostile_value_arrives_exactly()
    {
        var run = GeneratorRun.Of(Model(5432, "db"));
        var shared = await PostgresServer.SharedAsync();
        await using var local = NpgsqlDataSource.Create(await shared.CreateDatabaseAsync("foreign_psql_default"));
        var prefix = Emit.ForeignVariables.Prefix(Server);

        // Only the prologue: it sets the defaults and turns the variables into settings, then shows one.
        var prologue = run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql");
        prologue = prologue.Substring(0, prologue.IndexOf("-- postgres_fdw:", StringComparison.Ordinal)) + "SELECT current_setting('pgx." + prefix + "_host');\n";
        var (exitCode, output) = await Psql(local.ConnectionString, prologue, new Dictionary<string, string> { [prefix + "_user"] = "u", [prefix + "_password"] = "p" });

        Assert.True(exitCode == 0, output);
        Assert.Contains("\n" + BogusHost + "\n", output);
    }

    private static string Model(int port, string database) => $$"""
        using Pgx;

        [assembly: ForeignServer({{Literal(Server)}}, Host = {{Literal(BogusHost)}}, Port = {{port}}, DbName = {{Literal(database)}}, FetchSize = 50)]
        [assembly: ImportForeignSchema({{Literal(Server)}}, RemoteSchema = {{Literal(RemoteSchema)}}, LocalSchema = {{Literal(ImportSchema)}}, LimitTo = new[] { {{Literal(RemoteTable)}}, {{Literal(SecondTable)}} })]

        namespace Hostile
        {
            [PgTable({{Literal(LocalTable)}}, Schema = {{Literal(LocalSchema)}})]
            [ForeignTable({{Literal(Server)}}, RemoteSchema = {{Literal(RemoteSchema)}}, RemoteName = {{Literal(RemoteTable)}})]
            public sealed record Row(
                [property: PgKey, PgColumn("Select")] int Id,
                [property: PgColumn("a\"b")] string AB,
                [property: PgColumn("line\nbreak")] string? Text);
        }
        """;

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, true);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static Type Load(CSharpCompilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("hostile-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(image).GetType("Pgx.Generated.PgxSchema", throwOnError: true)!;
    }

    private static async Task FormattedAsync(NpgsqlDataSource db, string format, params string[] arguments)
    {
        var placeholders = string.Join(", ", Enumerable.Range(2, arguments.Length).Select(i => "$" + i + "::text"));
        await using var build = db.CreateCommand("SELECT format($1::text, " + placeholders + ")");
        build.Parameters.Add(new NpgsqlParameter { Value = format });
        foreach (var argument in arguments)
        {
            build.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

        await Execute(db, (string)(await build.ExecuteScalarAsync())!);
    }

    private static async Task Execute(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> Rows(NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    private static async Task<(int ExitCode, string Output)> Psql(string connectionString, string script, IReadOnlyDictionary<string, string> variables)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var file = Path.Combine(Path.GetTempPath(), "pgx-hostile-" + Guid.NewGuid().ToString("N") + ".sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-X", "-1", "-A", "-t", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-f", file })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in variables)
            {
                start.ArgumentList.Add("-v");
                start.ArgumentList.Add(name + "=" + value);
            }

            if (builder.Password is { } pw)
            {
                start.Environment["PGPASSWORD"] = pw;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, "\n" + await output + await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
