using System;

namespace Pgx;

/// <summary>Leaves a property out of the table. DataAnnotations <c>[NotMapped]</c> is honoured the same way.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class PgIgnoreAttribute : Attribute
{
}
