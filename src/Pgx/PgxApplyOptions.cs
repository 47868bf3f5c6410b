using System;
using System.Collections.Generic;

namespace Pgx;

/// <summary>Run-time settings for <c>PgxSchema.ApplyAsync</c>: everything that must not be compiled in.</summary>
public sealed class PgxApplyOptions
{
    /// <summary>
    /// Connection settings and credentials per foreign server, by the name given in
    /// <see cref="ForeignServerAttribute"/>. They override the attribute's defaults.
    /// </summary>
    public IDictionary<string, ForeignServerOptions> ForeignServers { get; } =
        new Dictionary<string, ForeignServerOptions>(StringComparer.Ordinal);

    /// <summary>The command timeout for the whole apply, in seconds; 0 waits without limit. Defaults to 300.</summary>
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Whether <c>ApplyAsync</c> may run steps that lose data (<see cref="PgxHazard.DataLoss"/>): dropping a column
    /// the model no longer has, narrowing a type, dropping a removed partition instead of only detaching it,
    /// rebuilding hash partitions. Without it, such a plan throws <see cref="PgxUnsafeChangeException"/> and changes
    /// nothing. Defaults to <see langword="false"/>.
    /// </summary>
    public bool AllowDataLoss { get; set; }

    /// <summary>
    /// How long any one statement of the apply waits for a lock before it gives up (PostgreSQL's <c>lock_timeout</c>);
    /// the step is then retried after a jittered pause, up to <see cref="LockRetries"/> times, so an apply at start-up
    /// never queues in front of production traffic for long. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a step that timed out on a lock is retried before the apply fails. Defaults to 5.</summary>
    public int LockRetries { get; set; } = 5;
}
