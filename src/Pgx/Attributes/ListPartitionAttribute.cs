using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>A partition that holds the rows whose partition key is one of <see cref="Values"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class ListPartitionAttribute : Attribute
{
    /// <summary>Declares the partition <paramref name="name"/> for <paramref name="values"/>.</summary>
    /// <param name="name">The partition (child table) name, in the parent's schema.</param>
    /// <param name="values">Constants of the partition key's type (enum members for enum keys).</param>
    public ListPartitionAttribute(string name, params object[] values)
    {
        Name = name;
        Values = values;
    }

    /// <summary>The partition (child table) name.</summary>
    public string Name { get; }

    /// <summary>The partition-key values this partition holds.</summary>
    public object[] Values { get; }

    /// <summary>
    /// The <c>[assembly: ForeignServer]</c> that holds this partition, or <see langword="null"/> for a local one. The
    /// partition becomes a postgres_fdw foreign table on the coordinator, and <c>ApplyAsync</c> creates the real table
    /// on that server. Declarative routing only.
    /// </summary>
    public string? Server { get; set; }
}
