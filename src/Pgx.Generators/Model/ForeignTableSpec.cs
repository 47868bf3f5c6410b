namespace Pgx.Generators.Model;

/// <summary>Where a foreign-table record's rows live.</summary>
/// <param name="Server">The foreign server name.</param>
/// <param name="RemoteSchema">The remote schema.</param>
/// <param name="RemoteName">The remote table.</param>
/// <param name="IsReadOnly">Whether writes are not generated (and are flagged).</param>
internal sealed record ForeignTableSpec(string Server, string RemoteSchema, string RemoteName, bool IsReadOnly);
