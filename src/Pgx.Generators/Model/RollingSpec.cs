namespace Pgx.Generators.Model;

/// <summary>
/// A rolling partition set (<c>[RollingPartitions]</c>), checked: the interval parses for the key's type, Start is
/// aligned, Retain is at least one interval. Value-equal.
/// </summary>
/// <param name="Interval">The interval as <see cref="RollingInterval.ToString"/> writes it (<c>1 month</c>, <c>100000</c>).</param>
/// <param name="Premake">Partitions kept ready ahead of the one holding "now".</param>
/// <param name="Retain">The retention period in the interval's notation, or null to keep everything.</param>
/// <param name="Start">The first partition's lower bound as ticks (time keys) or the integer, or null.</param>
/// <param name="Maintainer">Who maintains the partitions.</param>
/// <param name="RetentionMode">Detach or drop retired partitions.</param>
internal sealed record RollingSpec(string Interval, int Premake, string? Retain, long? Start, PartitionMaintainer Maintainer, PartitionRetention RetentionMode)
{
    /// <summary>Whether the key is an integer (the interval is a width), not a time.</summary>
    public bool IntegerKey { get; init; }

    /// <summary>The pg_cron schedule of the maintenance procedure, checked, or null.</summary>
    public string? Schedule { get; init; }

    /// <summary>The parsed interval.</summary>
    public RollingInterval Rule => RollingInterval.Parse(Interval, IntegerKey, out _)!;
}
