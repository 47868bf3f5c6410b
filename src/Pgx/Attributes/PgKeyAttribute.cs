using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Marks a key property; several make a composite key. Without any, a property named <c>Id</c> or
/// <c>{Record}Id</c> is the key. DataAnnotations <c>[Key]</c> is honoured the same way.
/// </summary>
/// <remarks>
/// A single integer key takes its values from a sequence (<c>&lt;table&gt;_&lt;column&gt;_seq</c>, or
/// <see cref="PgSequenceAttribute"/>): the generated repository calls <c>nextval()</c> instead of relying on
/// <c>INSERT … RETURNING</c>. Set <see cref="UseSequence"/> to <see langword="false"/> (or use
/// <c>[DatabaseGenerated(DatabaseGeneratedOption.None)]</c>) when the application supplies keys. On a
/// trigger-routed table every child has its own primary key, so such keys are unique across children only when
/// the key includes the partition key (PGX0030).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PgKeyAttribute : Attribute
{
    /// <summary>Whether an integer key takes its values from a sequence. Defaults to <see langword="true"/>.</summary>
    public bool UseSequence { get; set; } = true;
}
