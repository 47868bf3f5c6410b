using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Testing;

/// <summary>
/// A throwaway PgBouncer in front of a <see cref="PostgresServer"/>, on a free loopback port: the connection pooler
/// many deployments put between the application and PostgreSQL. Dispose it to stop it and delete its folder; a
/// watchdog does the same when the test process ends without disposing it (crashed or killed).
/// </summary>
/// <remarks>
/// PgBouncer refuses to run as root, so as root it runs as the <c>postgres</c> OS user, like the cluster. It accepts
/// any client and logs in to PostgreSQL as the server's user (<c>auth_type = any</c>): what is tested is pooling,
/// not authentication.
/// </remarks>
public sealed class PgBouncer : IAsyncDisposable
{
    private const string FolderPrefix = "pgx-pgbouncer-";
    private readonly string _folder;
    private int _disposed;

    private PgBouncer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>The port PgBouncer listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>
    /// Starts PgBouncer in front of <paramref name="server"/>.
    /// </summary>
    /// <param name="server">The PostgreSQL server behind it.</param>
    /// <param name="poolMode"><c>transaction</c> (a server connection per transaction), <c>session</c> or <c>statement</c>.</param>
    /// <param name="poolSize">Server connections per database and user (<c>default_pool_size</c>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PgBouncer> StartAsync(PostgresServer server, string poolMode = "transaction", int poolSize = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var program = FindProgram();
        RemoveAbandoned();
        var asRoot = PostgresServer.IsRoot();
        var folder = Path.Combine(asRoot ? "/tmp" : Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            var target = new NpgsqlConnectionStringBuilder(server.ConnectionString);
            for (var attempt = 1; ; attempt++)
            {
                var port = PostgresServer.FreePort();
                var config = Path.Combine(folder, "pgbouncer.ini");
                File.WriteAllText(config, Config(folder, port, target, poolMode, poolSize));
                if (asRoot)
                {
                    await PostgresServer.RunAsync("chown", new[] { "-R", "postgres:postgres", folder }, asPostgres: false, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    // -d: PgBouncer forks into the background once it listens, and writes its pid file.
                    await PostgresServer.RunAsync(program, new[] { "-d", "-q", config }, asRoot, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException) when (attempt < 5)
                {
                    // The port was taken between the probe and PgBouncer's bind: try another.
                    continue;
                }

                StartWatchdog(folder);
                await WaitUntilListeningAsync(port, folder, cancellationToken).ConfigureAwait(false);
                return new PgBouncer(folder, port);
            }
        }
        catch
        {
            Stop(folder);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="connectionString"/> (a database on the server behind PgBouncer) with its host and port
    /// changed to PgBouncer's: the same database and user, through the pooler.
    /// </summary>
    /// <param name="connectionString">A connection string to the server behind PgBouncer.</param>
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port, Password = null }.ConnectionString;

    /// <summary>Stops PgBouncer and deletes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Stop(_folder);
        }

        return default;
    }

    private static string Config(string folder, int port, NpgsqlConnectionStringBuilder target, string poolMode, int poolSize)
    {
        var server = "host=" + (target.Host ?? "127.0.0.1") + " port=" + target.Port.ToString(CultureInfo.InvariantCulture) + " user=" + (target.Username ?? "postgres");
        if (!string.IsNullOrEmpty(target.Password))
        {
            server += " password=" + target.Password;
        }

        return string.Join("\n", new[]
        {
            "[databases]",
            "* = " + server,
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + port.ToString(CultureInfo.InvariantCulture),
            "unix_socket_dir =",
            "auth_type = any",
            "pool_mode = " + poolMode,
            "default_pool_size = " + poolSize.ToString(CultureInfo.InvariantCulture),
            "max_client_conn = 200",
            "logfile = " + Path.Combine(folder, "pgbouncer.log"),
            "pidfile = " + Path.Combine(folder, "pgbouncer.pid"),
            "",
        });
    }

    /// <summary>PgBouncer on PATH, else Debian's /usr/sbin/pgbouncer (not on a non-root PATH).</summary>
    private static string FindProgram()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(directory => Path.Combine(directory, "pgbouncer"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("PgBouncer was not found on PATH or in /usr/sbin. Install it (Debian/Ubuntu: apt-get install -y pgbouncer); .ci/run does.");
    }

    private static async Task WaitUntilListeningAsync(int port, string folder, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        var log = Path.Combine(folder, "pgbouncer.log");
        throw new InvalidOperationException("PgBouncer did not start listening on port " + port + ":\n" + (File.Exists(log) ? File.ReadAllText(log) : "(no log)"));
    }

    /// <summary>
    /// A detached shell waits for this process to end, then stops PgBouncer and deletes its folder, whether the
    /// process exited, crashed or was killed (as <see cref="PostgresServer"/>'s watchdog does for the cluster).
    /// </summary>
    private static void StartWatchdog(string folder)
    {
        const string script = """
            exec >/dev/null 2>&1 </dev/null
            while kill -0 "$0" 2>/dev/null; do sleep 0.5; done
            if [ -f "$1/pgbouncer.pid" ]; then kill -TERM "$(cat "$1/pgbouncer.pid")"; fi
            rm -rf "$1"
            """;
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", script, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), folder })
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start)?.Dispose();
    }

    /// <summary>Stops the PgBouncer whose pid file is in <paramref name="folder"/> (SIGTERM: immediate shutdown) and deletes the folder.</summary>
    private static void Stop(string folder)
    {
        var pidFile = Path.Combine(folder, "pgbouncer.pid");
        try
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                using var process = Process.GetProcessById(pid);
                if (process.ProcessName == "pgbouncer")
                {
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited while we looked.
        }

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

    /// <summary>Stops and deletes PgBouncers whose owning process is gone and whose watchdog did not run (e.g. a reboot).</summary>
    private static void RemoveAbandoned()
    {
        foreach (var root in new[] { "/tmp", Path.GetTempPath() }.Distinct())
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var folder in Directory.GetDirectories(root, FolderPrefix + "*"))
            {
                var ownerFile = Path.Combine(folder, "owner.pid");
                if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile), out var owner) && !PostgresServer.IsAlive(owner))
                {
                    Stop(folder);
                }
            }
        }
    }
}
