namespace Pgx;

/// <summary>Identifiers the runtime writes into SQL of its own (the drift check's and link check's scratch objects).</summary>
internal static class SqlIdentifier
{
    /// <summary>A quoted identifier. Always quoting is always right: the names are exact, as declared.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
