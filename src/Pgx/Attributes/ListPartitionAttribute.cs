using System;

namespace Pgx;

/// <summary>A partition that holds the rows whose partition key is one of <see cref="Values"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
public sealed class ListPartitionAttribute : Attribute
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
}
