using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Tells the Pgx analyzers that a table is a postgres_fdw foreign table on a foreign server, so writes to it are
/// flagged while it is read-only (PGX0104) and joins of it with a foreign table of another server are flagged
/// (PGX0106). The generator writes one for each <see cref="ForeignTableAttribute"/> record and for each table an
/// <see cref="ImportForeignSchemaAttribute"/> names in <see cref="ImportForeignSchemaAttribute.LimitTo"/>, so projects
/// that reference a models assembly (e.g. a Dapper project) are covered; write it by hand for foreign tables made
/// outside Pgx.
/// </summary>
/// <example><code>
/// [assembly: Pgx.ForeignTableOnServer("app.users", "app_db")]                        // read-only, the default
/// [assembly: Pgx.ForeignTableOnServer("billing.invoices", "billing_db", ReadOnly = false)]
/// </code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class ForeignTableOnServerAttribute : Attribute
{
    /// <summary>Declares <paramref name="table"/> a foreign table on <paramref name="server"/>.</summary>
    /// <param name="table"><c>schema.name</c> or <c>name</c> (then <c>public</c>), as PostgreSQL would read it.</param>
    /// <param name="server">The foreign server's name, as in <c>CREATE SERVER</c>.</param>
    public ForeignTableOnServerAttribute(string table, string server)
    {
        Table = table;
        Server = server;
    }

    /// <summary>The local foreign table, as written.</summary>
    public string Table { get; }

    /// <summary>The foreign server, as written.</summary>
    public string Server { get; }

    /// <summary>
    /// Whether the table is read-only (the default, as for <see cref="ForeignTableAttribute.ReadOnly"/>):
    /// <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>, <c>TRUNCATE</c> and <c>COPY … FROM</c> into it are flagged.
    /// </summary>
    public bool ReadOnly { get; set; } = true;
}
