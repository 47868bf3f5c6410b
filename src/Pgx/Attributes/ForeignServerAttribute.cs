using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Declares a postgres_fdw foreign server. The values here are defaults only and are never secret: the
/// host, port, database, user and password used at run time come from
/// <see cref="PgxApplyOptions.ForeignServers"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class ForeignServerAttribute : Attribute
{
    /// <summary>Declares the foreign server <paramref name="name"/>.</summary>
    /// <param name="name">The server name in the local database.</param>
    public ForeignServerAttribute(string name) => Name = name;

    /// <summary>The server name in the local database.</summary>
    public string Name { get; }

    /// <summary>Default remote host.</summary>
    public string? Host { get; set; }

    /// <summary>Default remote database name.</summary>
    public string? DbName { get; set; }

    /// <summary>Default remote port (0: PostgreSQL's default, 5432).</summary>
    public int Port { get; set; }

    /// <summary>postgres_fdw <c>fetch_size</c> (0: not set).</summary>
    public int FetchSize { get; set; }

    /// <summary>postgres_fdw <c>use_remote_estimate</c>.</summary>
    public bool UseRemoteEstimate { get; set; }

    /// <summary>postgres_fdw <c>async_capable</c> (PostgreSQL 14+).</summary>
    public bool AsyncCapable { get; set; }

    /// <summary>postgres_fdw <c>batch_size</c> for inserts (0: not set).</summary>
    public int BatchSize { get; set; }
}
