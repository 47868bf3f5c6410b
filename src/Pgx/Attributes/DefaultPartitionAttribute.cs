using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// A partition for every row no other partition accepts. Without one, such a row is an error
/// (SQLSTATE 23514) that names the table, the partition key and the value.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class DefaultPartitionAttribute : Attribute
{
    /// <summary>Declares the default partition <paramref name="name"/>.</summary>
    /// <param name="name">The partition (child table) name, in the parent's schema.</param>
    public DefaultPartitionAttribute(string name) => Name = name;

    /// <summary>The partition (child table) name.</summary>
    public string Name { get; }
}
