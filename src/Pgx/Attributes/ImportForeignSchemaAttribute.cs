using System;

namespace Pgx;

/// <summary>
/// Imports a remote schema's tables as foreign tables with <c>IMPORT FOREIGN SCHEMA</c>, re-run on every
/// apply so the local definitions follow the remote ones.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ImportForeignSchemaAttribute : Attribute
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
