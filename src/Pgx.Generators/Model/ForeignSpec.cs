namespace Pgx.Generators.Model;

/// <summary>
/// The assembly-level foreign declarations: servers and schema imports, each list ordered so the output never
/// depends on file order. Value-equal, so an edit that keeps the declarations keeps the emit step cached.
/// </summary>
/// <param name="Servers">Valid servers, by name.</param>
/// <param name="Imports">Valid imports on declared servers, by local schema, server and remote schema.</param>
internal sealed record ForeignSpec(EquatableArray<ForeignServerSpec> Servers, EquatableArray<ImportForeignSchemaSpec> Imports)
{
    /// <summary>No foreign declarations.</summary>
    public static readonly ForeignSpec Empty = new(EquatableArray<ForeignServerSpec>.Empty, EquatableArray<ImportForeignSchemaSpec>.Empty);

    /// <summary>
    /// Whose foreign tables these are: the assembly name, written into the comment that marks each foreign table
    /// Pgx makes, so the refresh of one model never changes or drops another's.
    /// </summary>
    public string Owner { get; init; } = "";

    /// <summary>Whether nothing is declared.</summary>
    public bool IsEmpty => Servers.IsEmpty && Imports.IsEmpty;
}
