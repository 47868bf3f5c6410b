using System;

namespace Pgx;

/// <summary>
/// Spreads rows over <see cref="Count"/> partitions named <c>&lt;table&gt;_p0</c> … <c>&lt;table&gt;_p{Count-1}</c>
/// by PostgreSQL's hash of the partition key. Declarative routing only.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class HashPartitionsAttribute : Attribute
{
    /// <summary>Declares <paramref name="count"/> hash partitions.</summary>
    /// <param name="count">The number of partitions (the modulus); at least 1.</param>
    public HashPartitionsAttribute(int count) => Count = count;

    /// <summary>The number of partitions.</summary>
    public int Count { get; }
}
