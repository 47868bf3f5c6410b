using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Marks a record as a PostgreSQL table model. Pgx generates its DDL into
/// <c>Pgx.Generated.PgxSchema.Sql</c> and a typed <c>{Record}Repository</c> beside it.
/// </summary>
/// <remarks>
/// The table name defaults to the snake_case of the record name (<c>OrderLine</c> → <c>order_line</c>).
/// DataAnnotations <c>[Table("name", Schema = "s")]</c> is honoured as well on records that carry
/// another Pgx attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PgTableAttribute : Attribute
{
    /// <summary>Uses the snake_case of the record name as the table name.</summary>
    public PgTableAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the table name, exactly as written (it is quoted when needed).</summary>
    /// <param name="name">The table name; at most 63 bytes in UTF-8.</param>
    public PgTableAttribute(string name) => Name = name;

    /// <summary>The table name, or <see langword="null"/> for the snake_case of the record name.</summary>
    public string? Name { get; }

    /// <summary>The schema that holds the table; <c>public</c> when not set.</summary>
    public string? Schema { get; set; }
}
