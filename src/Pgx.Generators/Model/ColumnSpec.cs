namespace Pgx.Generators.Model;

/// <summary>
/// One mapped property. Value-equal: two specs are equal when every field is, so an edit that does not
/// change the mapping leaves the pipeline's output cached.
/// </summary>
/// <param name="PropertyName">The C# property name.</param>
/// <param name="ColumnName">The PostgreSQL column name (unquoted).</param>
/// <param name="PgType">The PostgreSQL type as written in DDL, e.g. <c>bigint</c> or <c>numeric(12,2)</c>.</param>
/// <param name="Kind">The CLR kind, for typed reads and writes.</param>
/// <param name="ClrType">The property type, <c>global::</c>-qualified, with <c>?</c> when nullable.</param>
/// <param name="EnumUnderlyingType">For enums, the underlying integer type (<c>int</c>, <c>long</c> …); otherwise null.</param>
/// <param name="IsNullable">Whether the column allows NULL.</param>
/// <param name="IsKey">Whether the column is (part of) the key.</param>
/// <param name="ConstructorParameterIndex">The primary-constructor parameter that sets it, or -1.</param>
/// <param name="IsSettable">Whether an object initializer can set it (a public set or init accessor).</param>
internal sealed record ColumnSpec(
    string PropertyName,
    string ColumnName,
    string PgType,
    ClrKind Kind,
    string ClrType,
    string? EnumUnderlyingType,
    bool IsNullable,
    bool IsKey,
    int ConstructorParameterIndex,
    bool IsSettable)
{
    /// <summary>The column's previous name, when <c>[PgColumn(RenamedFrom = …)]</c> says it was renamed; otherwise null.</summary>
    public string? RenamedFrom { get; init; }

    /// <summary>The column's default expression from <c>[PgColumn(DefaultSql = …)]</c>, trimmed; otherwise null.</summary>
    public string? DefaultSql { get; init; }

    /// <summary>Whether a repository sets the column in the object initializer of the rows it reads.</summary>
    public bool IsSetByInitializer => ConstructorParameterIndex < 0 && IsSettable;

    /// <summary>Whether rows a repository reads carry the column's stored value (constructor argument or initializer).</summary>
    public bool IsReadBack => ConstructorParameterIndex >= 0 || IsSettable;
}
