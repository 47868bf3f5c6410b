using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Tells the Pgx analyzers that a table is partitioned (declaratively, <c>PARTITION BY</c>), so
/// <c>currval()</c> lookups on it are flagged (PGX0102): a volatile function in a WHERE cannot use an index and
/// every partition is scanned. The generator writes one for each declaratively partitioned record, so
/// projects that reference a models assembly are covered; write it by hand for tables created outside Pgx.
/// Trigger-routed tables are declared with <see cref="TriggerRoutedTableAttribute"/> instead.
/// </summary>
/// <example><code>
/// [assembly: Pgx.PartitionedTable("telemetry.events")]
/// </code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PartitionedTableAttribute : Attribute
{
    /// <summary>Declares <paramref name="table"/> partitioned.</summary>
    /// <param name="table"><c>schema.name</c> or <c>name</c> (then <c>public</c>), as PostgreSQL would read it.</param>
    public PartitionedTableAttribute(string table) => Table = table;

    /// <summary>The table, as written.</summary>
    public string Table { get; }
}
