namespace Pgx.Generators;

/// <summary>Names of the pipeline steps, so caching tests can assert each one stays cached.</summary>
internal static class TrackingNames
{
    public const string TablesFromPgTable = nameof(TablesFromPgTable);
    public const string TablesFromForeignTable = nameof(TablesFromForeignTable);
    public const string AllTables = nameof(AllTables);
    public const string ForeignServers = nameof(ForeignServers);
    public const string ForeignImports = nameof(ForeignImports);
    public const string AssemblyName = nameof(AssemblyName);
    public const string ForeignDeclarations = nameof(ForeignDeclarations);
    public const string RepositoryTables = nameof(RepositoryTables);
}
