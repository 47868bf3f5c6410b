using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Npgsql;
using Pgx.PackageTests.Infrastructure;
using Pgx.Testing;
using Xunit.Abstractions;

namespace Pgx.PackageTests;

/// <summary>
/// samples/AotSample published with NativeAOT (PublishAot is set in its project) from the build under test, once per
/// test run: the ILCompiler reports no trim or AOT warning (they would be errors: warnings are errors in this
/// repository), and the native binary calls every repository method against PostgreSQL.
/// </summary>
public sealed class AotSampleTests : IClassFixture<AotSampleTests.NativeSample>
{
    private readonly NativeSample _sample;
    private readonly ITestOutputHelper _output;

    public AotSampleTests(NativeSample sample, ITestOutputHelper output)
    {
        _sample = sample;
        _output = output;
    }

    [Fact]
    public async Task The_sample_publishes_natively_without_trim_or_AOT_warnings()
    {
        var publish = await _sample.PublishAsync();

        _output.WriteLine(publish.ToString());
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotMatch(@"warning IL\d{4}", publish.Output);
        Assert.True(File.Exists(_sample.Binary), "no native binary at " + _sample.Binary);
        Assert.False(File.Exists(Path.Combine(_sample.Folder, "AotSample.dll")), "a native publish has no IL assembly to run");
    }

    [Fact]
    public async Task The_native_binary_runs_every_repository_method_against_PostgreSQL()
    {
        var publish = await _sample.PublishAsync();
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync(nameof(AotSampleTests));
        var role = "pgx_aot_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var password = Guid.NewGuid().ToString("N");
        await using var db = NpgsqlDataSource.Create(database);
        await db.ExecuteAsync(await db.ScalarAsync<string>("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text)", role, password));
        await db.ExecuteAsync(await db.ScalarAsync<string>("SELECT format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %I', $1::text)", role));
        int exitCode;
        string output;
        try
        {
            (exitCode, output) = await RunAsync(_sample.Binary, database, new NpgsqlConnectionStringBuilder(database) { Username = role, Password = password }.ConnectionString);
        }
        finally
        {
            await db.ExecuteAsync(await db.ScalarAsync<string>("SELECT format('DROP OWNED BY %1$I; DROP ROLE %1$I', $1::text)", role));
        }

        _output.WriteLine(output);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Runtime: native AOT (no dynamic code)\n", output);
        Assert.Matches(@"\nInsertAsync: Item \{ Id = 0, P = 2, Label = aot \w+ \} got a key: True\n", output);
        Assert.Contains("\nInsertManyAsync: 4000 rows, 4000 distinct keys\n", output);
        Assert.Contains("\nImportAsync: 4000 rows\n", output);
        Assert.Contains("\nFindAsync: True\n", output);
        Assert.Contains("\nQueryAsync: 4001 rows of p = 2 through postgres_fdw\n", output);
        Assert.Contains("\nImportAsync of p = 3: No partition of table public.aot_items accepts p = 3.", output);
        Assert.Contains("\nUpdateAsync: True\n", output);
        Assert.Contains("\nMoveAsync: key kept: True, now in p = 1\n", output);
        Assert.Contains("\nUpsertAsync: True\n", output);
        Assert.Contains("\nUpsertManyAsync: 2 rows\n", output);
        Assert.Contains("\nDeleteManyAsync: 1 rows\n", output);
        Assert.Contains("\nDeleteAsync: False (already deleted)\n", output);
        Assert.Contains("\nAll 11 methods ran.\n", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string binary, params string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// One NativeAOT publish of samples/AotSample per test run (it takes minutes), with no build and no restore: the
    /// build under test already restored the ILCompiler packages for this machine's runtime.
    /// </summary>
    public sealed class NativeSample : IDisposable
    {
        private readonly Lazy<Task<DotnetResult>> _publish;

        public NativeSample()
        {
            Folder = Path.Combine(Path.GetTempPath(), "pgx-aot-" + Guid.NewGuid().ToString("N"));
            _publish = new Lazy<Task<DotnetResult>>(() => Dotnet.RunAsync(
                Repository.Root,
                new[] { "publish", Path.Combine("samples", "AotSample", "AotSample.csproj"), "--no-build", "-c", Repository.Configuration, "-o", Folder }));
        }

        /// <summary>Where the publish writes.</summary>
        public string Folder { get; }

        /// <summary>The native binary.</summary>
        public string Binary => Path.Combine(Folder, "AotSample");

        /// <summary>The publish, run on first call.</summary>
        public Task<DotnetResult> PublishAsync() => _publish.Value;

        public void Dispose()
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }
}
