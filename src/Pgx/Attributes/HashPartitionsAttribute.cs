using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Spreads rows over <see cref="Count"/> partitions named <c>&lt;table&gt;_p0</c> … <c>&lt;table&gt;_p{Count-1}</c>
/// by PostgreSQL's hash of the partition key. Declarative routing only.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class HashPartitionsAttribute : Attribute
{
    /// <summary>Declares <paramref name="count"/> hash partitions.</summary>
    /// <param name="count">The number of partitions (the modulus); at least 1.</param>
    public HashPartitionsAttribute(int count) => Count = count;

    /// <summary>The number of partitions.</summary>
    public int Count { get; }

    /// <summary>
    /// The <c>[assembly: ForeignServer]</c>s that hold the partitions, round robin: partition <c>i</c> lives on
    /// <c>Servers[i % Servers.Length]</c> as a postgres_fdw foreign table, and <c>ApplyAsync</c> creates its real
    /// table there. <see langword="null"/> (the default) keeps every partition local.
    /// </summary>
    public string[]? Servers { get; set; }
}
