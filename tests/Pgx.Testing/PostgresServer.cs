using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Testing;

/// <summary>
/// A PostgreSQL server for tests, samples and benchmarks: the one named by <c>PGX_CONNECTION</c> when it is
/// set, otherwise a throwaway cluster started from the machine's PostgreSQL binaries in a temp folder on a free
/// loopback port, and stopped (and deleted) when disposed or when the process exits.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so as root the cluster runs as the <c>postgres</c> OS user. The superuser
/// <c>postgres</c> logs in over loopback without a password; every other role needs its password
/// (scram-sha-256), so password authentication can be tested for real.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that names an existing server (an Npgsql connection string).</summary>
    public const string ConnectionVariable = "PGX_CONNECTION";

    private const string FolderPrefix = "pgx-pg-";
    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static PostgresServer? _shared;
    private readonly string? _folder;
    private readonly string? _binDirectory;
    private readonly List<string> _createdDatabases = new();
    private int _disposed;

    private PostgresServer(string connectionString, string? folder, string? binDirectory, int port)
    {
        ConnectionString = connectionString;
        _folder = folder;
        _binDirectory = binDirectory;
        Port = port;
    }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>Whether this process started the server (and will stop it).</summary>
    public bool IsThrowaway => _folder is not null;

    /// <summary>
    /// The server log of a throwaway cluster — everything the server logs, as an auditor would read it — or
    /// <see langword="null"/> for a <c>PGX_CONNECTION</c> server, whose log is not ours to read.
    /// </summary>
    public string? LogPath => _folder is null ? null : Path.Combine(_folder, "server.log");

    /// <summary>
    /// The process-wide server: started once, on first use, and stopped at process exit. Test classes and
    /// samples share it and isolate themselves with <see cref="CreateDatabaseAsync"/>.
    /// </summary>
    public static async Task<PostgresServer> SharedAsync(CancellationToken cancellationToken = default)
    {
        await SharedLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_shared is null)
            {
                _shared = await FromEnvironmentOrThrowawayAsync(cancellationToken).ConfigureAwait(false);
                var server = _shared;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return _shared;
        }
        finally
        {
            SharedLock.Release();
        }
    }

    /// <summary><c>PGX_CONNECTION</c> when set, otherwise a new throwaway cluster.</summary>
    public static Task<PostgresServer> FromEnvironmentOrThrowawayAsync(CancellationToken cancellationToken = default)
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? StartThrowawayAsync(cancellationToken: cancellationToken)
            : Task.FromResult(new PostgresServer(configured, null, null, new NpgsqlConnectionStringBuilder(configured).Port));
    }

    /// <summary>Starts a new throwaway cluster. Dispose it to stop it and delete its folder.</summary>
    /// <param name="settings">
    /// Extra server settings (<c>-c name=value</c>, values without spaces), e.g. <c>shared_preload_libraries</c> and
    /// logging; by default the cluster trades durability for speed.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PostgresServer> StartThrowawayAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        RemoveAbandonedClusters(bin);
        var asRoot = IsRoot();
        var folder = Path.Combine(asRoot ? "/tmp" : Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (asRoot)
        {
            await RunAsync("chown", new[] { "-R", "postgres:postgres", folder }, asPostgres: false, cancellationToken).ConfigureAwait(false);
        }

        var data = Path.Combine(folder, "data");
        try
        {
            await RunAsync(Path.Combine(bin, "initdb"), new[] { "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync" }, asRoot, cancellationToken).ConfigureAwait(false);
            File.WriteAllText(Path.Combine(data, "pg_hba.conf"), string.Join("\n", new[]
            {
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "",
            }));
            if (asRoot)
            {
                await RunAsync("chown", new[] { "postgres:postgres", Path.Combine(data, "pg_hba.conf") }, asPostgres: false, cancellationToken).ConfigureAwait(false);
            }

            var options = new Dictionary<string, string>
            {
                ["listen_addresses"] = "127.0.0.1",
                ["unix_socket_directories"] = folder,
                ["fsync"] = "off",
                ["synchronous_commit"] = "off",
                ["full_page_writes"] = "off",
                ["max_connections"] = "200",
                ["password_encryption"] = "scram-sha-256",
            };
            foreach (var pair in settings ?? new Dictionary<string, string>())
            {
                options[pair.Key] = pair.Value;
            }

            // A free port can be taken between our probe and the server's bind: retry with another.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var serverOptions = "-p " + port + string.Concat(options.Select(o => " -c " + o.Key + "=" + o.Value));
                try
                {
                    await RunAsync(Path.Combine(bin, "pg_ctl"), new[] { "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start" }, asRoot, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException) when (attempt < 5)
                {
                    continue;
                }

                StartWatchdog(Path.Combine(bin, "pg_ctl"), data, folder, asRoot);
                var connectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                    Pooling = true,
                    MaxPoolSize = 100,
                }.ConnectionString;
                return new PostgresServer(connectionString, folder, bin, port);
            }
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>
    /// Creates an empty database (from template0, UTF8) and returns a superuser connection string to it.
    /// Databases made here are dropped when a <c>PGX_CONNECTION</c> server is disposed.
    /// </summary>
    /// <param name="hint">A readable part of the name, e.g. the test class.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task<string> CreateDatabaseAsync(string hint, CancellationToken cancellationToken = default)
    {
        var clean = new string(hint.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        if (clean.Length > 40)
        {
            clean = clean.Substring(0, 40);
        }

        var name = "pgx_" + clean + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops a throwaway cluster and deletes its folder; drops the databases made on a configured server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (_folder is null)
        {
            await DropCreatedDatabasesAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), new[] { "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop" }, IsRoot(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped: nothing to do but delete the folder.
        }

        // At process exit the test host may be torn down before a recursive delete finishes; a detached rm
        // outlives it. (Leftovers are also removed by the next run: see RemoveAbandonedClusters.)
        try
        {
            Process.Start(new ProcessStartInfo("rm", new[] { "-rf", _folder }) { UseShellExecute = false })?.Dispose();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TryDelete(_folder);
        }
    }

    private async Task DropCreatedDatabasesAsync()
    {
        string[] names;
        lock (_createdDatabases)
        {
            names = _createdDatabases.ToArray();
        }

        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            foreach (var name in names)
            {
                await using var command = new NpgsqlCommand("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (NpgsqlException)
        {
            // Best effort: a configured server may be gone by process exit.
        }
    }

    /// <summary>
    /// A test host is killed moments after its last test, too soon for a ProcessExit handler to stop a
    /// server. So a detached shell waits for this process to end, then stops the cluster and deletes its
    /// folder, whether the process exited, crashed or was killed.
    /// </summary>
    private static void StartWatchdog(string pgCtl, string data, string folder, bool asRoot)
    {
        const string script = """
            exec >/dev/null 2>&1 </dev/null
            while kill -0 "$0" 2>/dev/null; do sleep 0.5; done
            if [ "$4" = root ]; then runuser -u postgres -- "$2" -D "$3" -m immediate -w stop; else "$2" -D "$3" -m immediate -w stop; fi
            rm -rf "$1"
            """;
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", script, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), folder, pgCtl, data, asRoot ? "root" : "user" })
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start)?.Dispose();
    }

    /// <summary>Finds initdb/pg_ctl: on PATH first, then the newest /usr/lib/postgresql/*/bin.</summary>
    private static string FindBinDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(directory, "initdb");
            if (File.Exists(initdb) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                // Resolve symlinks (/usr/local/bin/initdb → /usr/lib/postgresql/15/bin/initdb) so pg_ctl finds postgres.
                var resolved = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                return Path.GetDirectoryName(resolved)!;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Directory, "bin", "initdb")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Directory is not null)
            {
                return Path.Combine(newest.Directory, "bin");
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install them (Debian/Ubuntu: apt-get install -y postgresql) or set " + ConnectionVariable + " to a server's connection string.");
    }

    /// <summary>Stops and deletes clusters whose owning process is gone (a test run that was killed).</summary>
    private static void RemoveAbandonedClusters(string bin)
    {
        foreach (var root in new[] { "/tmp", Path.GetTempPath() }.Distinct())
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var folder in Directory.GetDirectories(root, FolderPrefix + "*"))
            {
                try
                {
                    var ownerFile = Path.Combine(folder, "owner.pid");
                    if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsAlive(owner))
                    {
                        continue;
                    }

                    RunAsync(Path.Combine(bin, "pg_ctl"), new[] { "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop" }, IsRoot(), CancellationToken.None)
                        .ContinueWith(_ => { }, TaskScheduler.Default).Wait();
                    TryDelete(folder);
                }
                catch (IOException)
                {
                    // Another run is cleaning it up.
                }
                catch (UnauthorizedAccessException)
                {
                    // Someone else's cluster.
                }
            }
        }
    }

    internal static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static bool IsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Runs a program to its end (as the <c>postgres</c> OS user when <paramref name="asPostgres"/>); throws if it fails.</summary>
    internal static async Task RunAsync(string program, IEnumerable<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + program);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed with exit code {process.ExitCode}:\n{await error.ConfigureAwait(false)}\n{await output.ConfigureAwait(false)}");
        }
    }
}
