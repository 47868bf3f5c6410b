using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace Pgx;

/// <summary>
/// What the generator knows about an assembly's foreign objects, handed to the runtime by the generated
/// <c>PgxSchema</c>: the refresh statements (<c>PgxSchema.ForeignSql</c> without its psql prologue), the
/// servers whose connection settings are supplied at run time, and the typed foreign tables the drift check
/// compares. Holds no secret: credentials come from <see cref="PgxApplyOptions.ForeignServers"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ForeignSchemaDefinition
{
    /// <summary>Creates the definition from the refresh statements in one piece; the link check runs after all of them.</summary>
    /// <param name="statements">The refresh statements; they read connection settings with <c>current_setting</c>.</param>
    /// <param name="servers">The declared servers.</param>
    /// <param name="tables">The typed foreign tables (records with <c>[ForeignTable]</c>).</param>
    public ForeignSchemaDefinition(string statements, IReadOnlyList<ForeignServerDefinition> servers, IReadOnlyList<ForeignTableDefinition> tables)
        : this(statements, "", servers, tables)
    {
    }

    /// <summary>
    /// Creates the definition. Called by generated code. The link of every server is checked between the two
    /// parts, so no foreign table is touched through a server that cannot be reached.
    /// </summary>
    /// <param name="serverStatements">The extension, the servers and the current user's mappings.</param>
    /// <param name="tableStatements">The schemas and foreign tables.</param>
    /// <param name="servers">The declared servers.</param>
    /// <param name="tables">The typed foreign tables (records with <c>[ForeignTable]</c>).</param>
    public ForeignSchemaDefinition(string serverStatements, string tableStatements, IReadOnlyList<ForeignServerDefinition> servers, IReadOnlyList<ForeignTableDefinition> tables)
    {
        ServerStatements = serverStatements ?? throw new ArgumentNullException(nameof(serverStatements));
        TableStatements = tableStatements ?? throw new ArgumentNullException(nameof(tableStatements));
        Servers = servers ?? throw new ArgumentNullException(nameof(servers));
        Tables = tables ?? throw new ArgumentNullException(nameof(tables));
    }

    /// <summary>The refresh statements, run after the connection settings are in place.</summary>
    public string Statements => ServerStatements + TableStatements;

    /// <summary>The first part of the refresh: the extension, the servers and the current user's mappings.</summary>
    public string ServerStatements { get; }

    /// <summary>The second part of the refresh, run once every server's link works: schemas and foreign tables.</summary>
    public string TableStatements { get; }

    /// <summary>The declared servers.</summary>
    public IReadOnlyList<ForeignServerDefinition> Servers { get; }

    /// <summary>The typed foreign tables.</summary>
    public IReadOnlyList<ForeignTableDefinition> Tables { get; }
}

/// <summary>A declared foreign server and its non-secret defaults.</summary>
/// <param name="Name">The server name, as declared.</param>
/// <param name="VariablePrefix">
/// The prefix of its settings: psql variables <c>&lt;prefix&gt;_host</c>, <c>_port</c>, <c>_dbname</c>, <c>_user</c>,
/// <c>_password</c> in <c>ForeignSql</c>, and the transaction-local settings <c>pgx.&lt;prefix&gt;_…</c> the statements read.
/// </param>
/// <param name="DefaultHost">The attribute's host, if any.</param>
/// <param name="DefaultPort">The attribute's port, or 0.</param>
/// <param name="DefaultDbName">The attribute's database, if any.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record ForeignServerDefinition(string Name, string VariablePrefix, string? DefaultHost, int DefaultPort, string? DefaultDbName);

/// <summary>A typed foreign table: the record's columns and where the remote table is.</summary>
/// <param name="Table">The local table as SQL names it, <c>schema.name</c>.</param>
/// <param name="Server">The foreign server.</param>
/// <param name="RemoteSchema">The remote schema.</param>
/// <param name="RemoteName">The remote table.</param>
/// <param name="Columns">The record's columns, in order.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record ForeignTableDefinition(string Table, string Server, string RemoteSchema, string RemoteName, IReadOnlyList<ForeignColumnDefinition> Columns);

/// <summary>A column of a typed foreign table, as the record declares it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The PostgreSQL type as written in DDL.</param>
/// <param name="IsNullable">Whether the record allows NULL.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record ForeignColumnDefinition(string Name, string Type, bool IsNullable);
