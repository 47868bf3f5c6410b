using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// A partition that holds the rows whose partition key is in <c>[From, To)</c>: from inclusive, to exclusive.
/// </summary>
/// <remarks>
/// Bounds are constants of the key's type, or strings for types C# cannot write as attribute constants:
/// <c>"2026-11-01"</c> for <see cref="DateTime"/>, <see cref="DateTimeOffset"/> and <see cref="DateOnly"/>
/// keys, <c>"12.50"</c> for <see cref="decimal"/> keys. A <see cref="DateTimeOffset"/> bound without an
/// offset is UTC, never the server's time zone. <c>"MINVALUE"</c> and <c>"MAXVALUE"</c> leave a side open.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class RangePartitionAttribute : Attribute
{
    /// <summary>Declares the partition <paramref name="name"/> for <c>[from, to)</c>.</summary>
    /// <param name="name">The partition (child table) name, in the parent's schema.</param>
    /// <param name="from">The lower bound, inclusive.</param>
    /// <param name="to">The upper bound, exclusive.</param>
    public RangePartitionAttribute(string name, object from, object to)
    {
        Name = name;
        From = from;
        To = to;
    }

    /// <summary>The partition (child table) name.</summary>
    public string Name { get; }

    /// <summary>The lower bound, inclusive.</summary>
    public object From { get; }

    /// <summary>The upper bound, exclusive.</summary>
    public object To { get; }

    /// <summary>
    /// The <c>[assembly: ForeignServer]</c> that holds this partition, or <see langword="null"/> for a local one. The
    /// partition becomes a postgres_fdw foreign table on the coordinator, and <c>ApplyAsync</c> creates the real table
    /// on that server. Declarative routing only.
    /// </summary>
    public string? Server { get; set; }
}
