namespace Pgx.Generators.Model;

/// <summary>
/// An <c>[assembly: ImportForeignSchema]</c>: the remote schema's tables, re-imported on every apply.
/// Value-equal (strings and <see cref="EquatableArray{T}"/>).
/// </summary>
/// <param name="Server">The foreign server.</param>
/// <param name="RemoteSchema">The remote schema.</param>
/// <param name="LocalSchema">The local schema that receives the foreign tables.</param>
/// <param name="LimitTo">Only these remote tables (empty: no limit).</param>
/// <param name="Except">All remote tables but these (empty: none excepted).</param>
internal sealed record ImportForeignSchemaSpec(
    string Server,
    string RemoteSchema,
    string LocalSchema,
    EquatableArray<string> LimitTo,
    EquatableArray<string> Except);
