using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Pgx.PackageTests.Infrastructure;

/// <summary>The outcome of one dotnet CLI run.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Standard output and error, interleaved as they came.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record DotnetResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => "exit " + ExitCode + " after " + Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s\n" + Output;
}

/// <summary>
/// Runs the dotnet CLI the way a user's shell would: without the MSBuild variables the test host inherits from
/// `dotnet test`, without node reuse (nothing outlives the test), with NuGet's package folder where asked.
/// </summary>
internal static class Dotnet
{
    private static readonly string Executable = FindDotnet();

    public static async Task<DotnetResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` hands MSBuild's own locations to the test host; a nested build must find its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            start.Environment[pair.Key] = pair.Value;
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        lock (output)
        {
            return new DotnetResult(process.ExitCode, output.ToString(), clock.Elapsed);
        }
    }

    /// <summary>The dotnet that runs the tests (DOTNET_HOST_PATH, set by the CLI), else dotnet on PATH.</summary>
    private static string FindDotnet()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && System.IO.File.Exists(host) ? host : "dotnet";
    }
}
