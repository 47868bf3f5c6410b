namespace Pgx.Generators.Model;

/// <summary>An index declared with <c>[PgIndex]</c>.</summary>
/// <param name="Name">The index name on the parent table.</param>
/// <param name="Columns">The indexed column names, in order.</param>
/// <param name="IsUnique">Whether it is unique.</param>
/// <param name="IsNameExplicit">Whether the user named it (children of trigger-routed tables then get derived names).</param>
internal sealed record IndexSpec(string Name, EquatableArray<string> Columns, bool IsUnique, bool IsNameExplicit);
