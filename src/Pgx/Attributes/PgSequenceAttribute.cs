using System;

namespace Pgx;

/// <summary>
/// Names the sequence a key takes its values from, instead of <c>&lt;table&gt;_&lt;column&gt;_seq</c>.
/// Several tables may share one sequence.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class PgSequenceAttribute : Attribute
{
    /// <summary>Uses the sequence <paramref name="name"/>.</summary>
    /// <param name="name">The sequence name; at most 63 bytes in UTF-8.</param>
    public PgSequenceAttribute(string name) => Name = name;

    /// <summary>The sequence name.</summary>
    public string Name { get; }

    /// <summary>The schema of the sequence; the table's schema when not set.</summary>
    public string? Schema { get; set; }
}
