using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Names the sequence a key takes its values from, instead of <c>&lt;table&gt;_&lt;column&gt;_seq</c>.
/// Several tables may share one sequence.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PgSequenceAttribute : Attribute
{
    /// <summary>Uses the sequence <paramref name="name"/>.</summary>
    /// <param name="name">The sequence name; at most 63 bytes in UTF-8.</param>
    public PgSequenceAttribute(string name) => Name = name;

    /// <summary>The sequence name.</summary>
    public string Name { get; }

    /// <summary>The schema of the sequence; the table's schema when not set.</summary>
    public string? Schema { get; set; }
}
