using System;
using System.Globalization;

namespace Pgx;

/// <summary>
/// pg_partman's side of a rolling set that <c>Maintainer = PartitionMaintainer.PgPartman</c> hands to it: the names it
/// gives partitions, which Pgx intervals it lays out on the same bounds as Pgx's rule, and the <c>create_parent</c>
/// call of each major version. Shared by the generator (compile-time checks), the schema diff (pg_partman's
/// partitions are not drift) and the registration in <c>ApplyAsync</c>.
/// </summary>
/// <remarks>
/// pg_partman names a time partition <c>&lt;table&gt;_p</c> and its lower bound: 4.x as <c>YYYY</c> (a year or
/// more), <c>YYYY_MM</c> (a month or more) or <c>YYYY_MM_DD</c>; 5.x as <c>YYYYMMDD</c> for every interval of a day
/// or more. An integer partition is <c>&lt;table&gt;_p</c> and its lower bound in both. It compares intervals the way
/// PostgreSQL does (a month counts as 30 days) and truncates the first bound to the year, month or day that comparison
/// picks, which is why some intervals cannot keep Pgx's bounds (see <see cref="Unsupported"/>).
/// </remarks>
internal static class PgPartmanRules
{
    /// <summary>The schema <c>CREATE EXTENSION pg_partman</c> is documented with.</summary>
    public const string DocumentedSchema = "partman";

    /// <summary>The default partition pg_partman makes for a set: <c>&lt;table&gt;_default</c>.</summary>
    /// <param name="table">The parent table's name.</param>
    /// <returns>The default partition's name.</returns>
    public static string DefaultPartition(string table) => table + "_default";

    /// <summary>
    /// Why pg_partman would lay <paramref name="rule"/>'s partitions on other bounds than Pgx's, or null when it keeps
    /// them: day or week intervals of 30 days or more (truncated to a month), month intervals of a year or more
    /// (truncated to a year), and year intervals of ten years or more (truncated to a decade).
    /// </summary>
    /// <param name="rule">The rolling interval.</param>
    /// <returns>A reason for the diagnostic, or null.</returns>
    public static string? Unsupported(RollingInterval rule) => rule.Unit switch
    {
        RollingUnit.Day or RollingUnit.Week when DaysAsPostgresCounts(rule) >= 30 => "pg_partman starts an interval of 30 days or more on the first of a month; use months, or fewer than 30 days",
        RollingUnit.Month when rule.Count >= 12 => "pg_partman starts an interval of a year or more on the first of January; write it in years",
        RollingUnit.Year when rule.Count >= 10 => "pg_partman starts an interval of ten years or more at a decade; use fewer than 10 years",
        _ => null,
    };

    /// <summary>The name pg_partman <paramref name="major"/>.x gives partition <paramref name="partition"/> of <paramref name="table"/>.</summary>
    /// <param name="rule">The rolling interval.</param>
    /// <param name="table">The parent table's name.</param>
    /// <param name="partition">A partition number from <see cref="RollingInterval.PartitionOf"/>.</param>
    /// <param name="major">pg_partman's major version (4 or 5).</param>
    /// <returns>The child table's name.</returns>
    public static string ChildName(RollingInterval rule, string table, long partition, int major)
    {
        var lower = rule.LowerBound(partition);
        return table + "_p" + (rule.Unit == RollingUnit.Integer
            ? lower.ToString(CultureInfo.InvariantCulture)
            : new DateTime(lower).ToString(TimeFormat(rule, major), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The partition number <paramref name="child"/> names under pg_partman 4.x's or 5.x's naming, or null when it is
    /// no name pg_partman gives this set.
    /// </summary>
    /// <param name="rule">The rolling interval.</param>
    /// <param name="table">The parent table's name.</param>
    /// <param name="child">A child table's name.</param>
    /// <returns>The partition number, or null.</returns>
    public static long? PartitionNamed(RollingInterval rule, string table, string child)
    {
        var prefix = table + "_p";
        if (!child.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var suffix = child.Substring(prefix.Length);
        if (rule.Unit == RollingUnit.Integer)
        {
            return long.TryParse(suffix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && rule.IsAligned(value)
                && ChildName(rule, table, rule.PartitionOf(value), 4) == child
                ? rule.PartitionOf(value)
                : null;
        }

        foreach (var major in new[] { 4, 5 })
        {
            if (DateTime.TryParseExact(suffix, TimeFormat(rule, major), CultureInfo.InvariantCulture, DateTimeStyles.None, out var lower) && rule.IsAligned(lower.Ticks))
            {
                return rule.PartitionOf(lower.Ticks);
            }
        }

        return null;
    }

    /// <summary>The longest name either major version can give a partition of <paramref name="table"/>, for the 63-byte check.</summary>
    /// <param name="rule">The rolling interval.</param>
    /// <param name="table">The parent table's name.</param>
    /// <param name="maxDigits">For integer keys, the digits of the key type's widest value.</param>
    /// <returns>A name of the greatest length.</returns>
    public static string LongestChildName(RollingInterval rule, string table, int maxDigits) => table + "_p" + rule.Unit switch
    {
        RollingUnit.Integer => "-" + new string('9', maxDigits),
        RollingUnit.Day or RollingUnit.Week => "9999_12_31",
        _ => "99991231",
    };

    /// <summary>
    /// The <c>create_parent</c> call of pg_partman <paramref name="major"/>.x installed in <paramref name="schema"/>,
    /// with parameters: $1 the parent (<c>schema.table</c>), $2 the control column, $3 the interval, $4 premake, $5 the
    /// first partition's lower bound (or null). 4.x makes a native (declarative) set and always a default partition;
    /// 5.x takes the interval third and is told to make the default partition.
    /// </summary>
    /// <param name="major">pg_partman's major version (4 or 5).</param>
    /// <param name="schema">The extension's schema, quoted.</param>
    /// <returns>The statement.</returns>
    public static string CreateParent(int major, string schema) => major < 5
        ? "SELECT " + schema + ".create_parent(p_parent_table := $1, p_control := $2, p_type := 'native', p_interval := $3, p_premake := $4, p_start_partition := $5)"
        : "SELECT " + schema + ".create_parent(p_parent_table := $1, p_control := $2, p_interval := $3, p_type := 'range', p_premake := $4, p_start_partition := $5, p_default_table := true)";

    /// <summary>
    /// The settings a re-apply keeps up to date in <c>part_config</c>, changed only when they differ: $1 the parent,
    /// $2 premake, $3 retention (or null), $4 whether retired partitions are kept as tables. Infinite time partitions
    /// on, so that a quiet table still gets its premade partitions; default data ignored, so that one row far in the
    /// future, waiting in the default partition, does not make 4.x's maintenance try (and fail) to build a partition
    /// for it at every run (5.x's default).
    /// </summary>
    /// <param name="schema">The extension's schema, quoted.</param>
    /// <returns>The statement.</returns>
    public static string Configure(string schema) =>
        "UPDATE " + schema + ".part_config SET premake = $2, retention = $3, retention_keep_table = $4, infinite_time_partitions = true, ignore_default_data = true "
        + "WHERE parent_table = $1 AND (premake, retention, retention_keep_table, infinite_time_partitions, ignore_default_data) IS DISTINCT FROM ($2, $3::text, $4, true, true)";

    private static string TimeFormat(RollingInterval rule, int major)
    {
        if (major >= 5)
        {
            return "yyyyMMdd";
        }

        var days = DaysAsPostgresCounts(rule);
        return days >= 360 ? "yyyy" : days >= 30 ? "yyyy_MM" : "yyyy_MM_dd";
    }

    /// <summary>The interval's length as PostgreSQL compares intervals: a month is 30 days, a year 12 months.</summary>
    private static long DaysAsPostgresCounts(RollingInterval rule) => rule.Count * rule.Unit switch
    {
        RollingUnit.Day => 1,
        RollingUnit.Week => 7,
        RollingUnit.Month => 30,
        RollingUnit.Year => 360,
        _ => 0,
    };
}
