using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Imports a remote schema's tables as foreign tables with <c>IMPORT FOREIGN SCHEMA</c>, re-run on every
/// apply so the local definitions follow the remote ones.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class ImportForeignSchemaAttribute : Attribute
{
    /// <summary>Imports from the server <paramref name="server"/>.</summary>
    /// <param name="server">A server declared with <see cref="ForeignServerAttribute"/>.</param>
    public ImportForeignSchemaAttribute(string server) => Server = server;

    /// <summary>The foreign server name.</summary>
    public string Server { get; }

    /// <summary>The remote schema; <c>public</c> when not set.</summary>
    public string? RemoteSchema { get; set; }

    /// <summary>The local schema that receives the foreign tables; it holds nothing else.</summary>
    public string? LocalSchema { get; set; }

    /// <summary>Only these remote tables, when set.</summary>
    public string[]? LimitTo { get; set; }

    /// <summary>All remote tables but these, when set.</summary>
    public string[]? Except { get; set; }
}
