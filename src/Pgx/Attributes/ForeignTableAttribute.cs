using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Makes a <see cref="PgTableAttribute"/> record a postgres_fdw foreign table on <see cref="Server"/>:
/// <c>CREATE FOREIGN TABLE</c> with the record's typed columns.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class ForeignTableAttribute : Attribute
{
    /// <summary>Declares the record a foreign table on <paramref name="server"/>.</summary>
    /// <param name="server">A server declared with <see cref="ForeignServerAttribute"/>.</param>
    public ForeignTableAttribute(string server) => Server = server;

    /// <summary>The foreign server name.</summary>
    public string Server { get; }

    /// <summary>The remote schema; <c>public</c> when not set.</summary>
    public string? RemoteSchema { get; set; }

    /// <summary>The remote table name; the local table name when not set.</summary>
    public string? RemoteName { get; set; }

    /// <summary>Whether the table is read only (the default): no write methods are generated, and writes are flagged.</summary>
    public bool ReadOnly { get; set; } = true;
}
