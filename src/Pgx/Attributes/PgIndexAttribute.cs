using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// An index on the table. With trigger routing every child table gets it too (inheritance copies no
/// indexes); with declarative partitioning PostgreSQL creates it on every partition.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PgIndexAttribute : Attribute
{
    /// <summary>Indexes the columns of <paramref name="properties"/>, in order (use <c>nameof</c>).</summary>
    /// <param name="properties">The indexed properties.</param>
    public PgIndexAttribute(params string[] properties) => Properties = properties;

    /// <summary>The indexed properties.</summary>
    public string[] Properties { get; }

    /// <summary>The index name; <c>&lt;table&gt;_&lt;columns&gt;_idx</c> (<c>_key</c> when unique) when not set.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Whether the index is unique. On a declaratively partitioned table it must include the partition key; on a
    /// trigger-routed one each child's copy checks only that child's rows, so it holds for the whole table only when
    /// it includes the partition key (PGX0025).
    /// </summary>
    public bool Unique { get; set; }
}
