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

    /// <summary>
    /// The <c>fetch_size</c> Pgx sets when <see cref="FetchSize"/> is not given: rows per round trip of a remote
    /// scan. PostgreSQL's 100 makes a join or aggregate that reads a whole remote table pay one round trip per 100
    /// rows; 10,000 keeps at most that many rows of one scan in memory at a time (benchmarks/RESULTS.md).
    /// </summary>
    public const int DefaultFetchSize = 10000;

    /// <summary>
    /// The <c>batch_size</c> Pgx sets when <see cref="BatchSize"/> is not given: rows per remote <c>INSERT</c>.
    /// PostgreSQL's 1 sends one round trip per inserted row; postgres_fdw lowers the batch by itself where the
    /// columns times rows would exceed the 65,535 parameters of a statement, and falls back to one row at a time
    /// for an <c>INSERT … RETURNING</c> or a remote table with row triggers it must see.
    /// </summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>
    /// The <c>async_capable</c> Pgx sets when <see cref="AsyncCapable"/> is not given: foreign scans under one
    /// <c>Append</c> (a partitioned table whose partitions are on several servers, a <c>UNION ALL</c>) run at the
    /// same time instead of one after another. It changes nothing for a single foreign table.
    /// </summary>
    public const bool DefaultAsyncCapable = true;

    /// <summary>
    /// The <c>use_remote_estimate</c> Pgx sets when <see cref="UseRemoteEstimate"/> is not given: off, as in
    /// PostgreSQL, since every plan would pay remote <c>EXPLAIN</c> round trips; what it gains (a planner that
    /// knows a foreign table's size) <c>ANALYZE</c> on the foreign table gives once (benchmarks/RESULTS.md).
    /// </summary>
    public const bool DefaultUseRemoteEstimate = false;

    /// <summary>
    /// postgres_fdw <c>fetch_size</c>: rows fetched per round trip. Not given: <see cref="DefaultFetchSize"/>; 0:
    /// Pgx leaves the option as the server has it.
    /// </summary>
    public int FetchSize { get; set; }

    /// <summary>
    /// postgres_fdw <c>use_remote_estimate</c>: plan with the remote server's row estimates (one remote
    /// <c>EXPLAIN</c> per path considered). Not given: <see cref="DefaultUseRemoteEstimate"/>.
    /// </summary>
    public bool UseRemoteEstimate { get; set; }

    /// <summary>
    /// postgres_fdw <c>async_capable</c> (PostgreSQL 14+). Not given: <see cref="DefaultAsyncCapable"/>.
    /// </summary>
    public bool AsyncCapable { get; set; }

    /// <summary>
    /// postgres_fdw <c>batch_size</c>: rows per remote <c>INSERT</c>. Not given: <see cref="DefaultBatchSize"/>; 0:
    /// Pgx leaves the option as the server has it.
    /// </summary>
    public int BatchSize { get; set; }

    /// <summary>
    /// postgres_fdw <c>extensions</c>: extensions installed on both servers whose immutable functions and
    /// operators may be sent to the remote server, so conditions that use them are pushed down. Not given:
    /// Pgx leaves the option as the server has it.
    /// </summary>
    public string[]? Extensions { get; set; }
}
