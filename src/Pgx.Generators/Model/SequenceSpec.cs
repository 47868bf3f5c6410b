namespace Pgx.Generators.Model;

/// <summary>The sequence a key column takes its values from.</summary>
/// <param name="Schema">The sequence's schema.</param>
/// <param name="Name">The sequence name.</param>
/// <param name="ColumnName">The key column it feeds.</param>
/// <param name="PgType"><c>smallint</c>, <c>integer</c> or <c>bigint</c>: the key column's type.</param>
/// <param name="IsOwnedByTable">Whether the name was derived from the table (then the table owns it); a named sequence may be shared.</param>
internal sealed record SequenceSpec(string Schema, string Name, string ColumnName, string PgType, bool IsOwnedByTable);
