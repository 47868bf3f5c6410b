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
}
