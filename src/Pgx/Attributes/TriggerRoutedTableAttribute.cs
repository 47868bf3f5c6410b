using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Tells the Pgx analyzers that a table is partitioned by a routing trigger, so <c>INSERT … RETURNING</c>,
/// <c>ON CONFLICT</c> and <c>currval()</c> lookups on it are flagged. The generator writes one for each
/// trigger-routed record, so projects that reference a models assembly are covered; write it by hand for
/// tables created outside Pgx.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class TriggerRoutedTableAttribute : Attribute
{
    /// <summary>Declares <paramref name="table"/> trigger-routed.</summary>
    /// <param name="table"><c>schema.name</c> or <c>name</c> (then <c>public</c>), as PostgreSQL would read it.</param>
    public TriggerRoutedTableAttribute(string table) => Table = table;

    /// <summary>The table, as written.</summary>
    public string Table { get; }
}
