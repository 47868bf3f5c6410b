using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Sets a property's column name and/or PostgreSQL type. DataAnnotations
/// <c>[Column("name", TypeName = "…")]</c> is honoured the same way.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PgColumnAttribute : Attribute
{
    /// <summary>Keeps the snake_case column name; use <see cref="Type"/> to set the type.</summary>
    public PgColumnAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the column name.</summary>
    /// <param name="name">The column name; at most 63 bytes in UTF-8.</param>
    public PgColumnAttribute(string name) => Name = name;

    /// <summary>The column name, or <see langword="null"/> for the snake_case of the property name.</summary>
    public string? Name { get; }

    /// <summary>The PostgreSQL type, e.g. <c>numeric(12,2)</c> or <c>varchar(200)</c>, replacing the default mapping.</summary>
    public string? Type { get; set; }

    /// <summary>
    /// The column's previous name, when the property was renamed: <c>PgxSchema.ApplyAsync</c> then renames the column
    /// (keeping its data) instead of adding a new one and dropping the old. Pgx never guesses a rename without it.
    /// Remove it once every database has been migrated.
    /// </summary>
    public string? RenamedFrom { get; set; }

    /// <summary>
    /// The column's default, as a SQL expression written into the DDL, e.g. <c>0</c>, <c>'pending'</c> or
    /// <c>now()</c> (as EF Core's <c>HasDefaultValueSql</c>). Rows inserted without the column take it, and a NOT NULL
    /// column added to a table with rows gives them this value. A default with a function call is computed per row
    /// when the column is added, which rewrites the table; a constant one is instant.
    /// </summary>
    public string? DefaultSql { get; set; }
}
