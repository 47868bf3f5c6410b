using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>
/// <c>[RollingPartitions]</c> → <see cref="RollingSpec"/>, reporting PGX0031–PGX0037, PGX0039 (and PGX0012 for a partition name
/// the rule would make longer than 63 bytes) where the mistake is written.
/// </summary>
internal static class RollingParser
{
    private const int Range = 1;

    /// <summary>Parses the rolling rule of a RANGE table, or returns null when there is none (or it is broken).</summary>
    /// <param name="record">The record's name, for messages.</param>
    /// <param name="attribute">The <c>[RollingPartitions]</c> attribute.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="kind">The partition kind (0 list, 1 range, 2 hash).</param>
    /// <param name="routing">The routing (0 declarative, 1 trigger).</param>
    /// <param name="key">The partition-key column.</param>
    /// <param name="fixedRanges">The table's [RangePartition]s, parsed, with their attributes.</param>
    /// <param name="defaultPartition">The table's [DefaultPartition], or null.</param>
    /// <param name="problems">Where problems go.</param>
    public static RollingSpec? Parse(string record, AttributeData attribute, string table, int kind, int routing, ColumnSpec key, IReadOnlyList<(PartitionSpec Partition, AttributeData Attribute)> fixedRanges, AttributeData? defaultPartition, ProblemList problems)
    {
        if (kind != Range)
        {
            problems.Add(Descriptors.UnsupportedRollingKey, attribute.At(), record, "it is partitioned by " + (kind == 0 ? "LIST" : "HASH") + ", and rolling partitions are ranges");
            return null;
        }

        var integerKey = key.Kind is ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64;
        if (!integerKey && key.Kind is not (ClrKind.DateTime or ClrKind.DateTimeOffset or ClrKind.DateOnly))
        {
            problems.Add(Descriptors.UnsupportedRollingKey, attribute.At(), record, "its key " + key.PropertyName + " is a " + ClrTypeNames.Readable(key.ClrType));
            return null;
        }

        var keyType = ClrTypeNames.Readable(key.ClrType);
        var intervalText = attribute.StringArg(0);
        var rule = RollingInterval.Parse(intervalText, integerKey, out var reason);
        if (rule is null)
        {
            problems.Add(Descriptors.InvalidRollingInterval, attribute.AtArgument(0), record, "the interval", intervalText ?? "null", keyType, key.PropertyName, reason);
            return null;
        }

        var ok = true;
        var premake = attribute.NamedInt(nameof(RollingPartitionsAttribute.Premake), 4);
        if (premake is < 1 or > 1000)
        {
            problems.Add(Descriptors.InvalidRollingSetting, attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Premake)), record, "Premake = " + premake.ToString(CultureInfo.InvariantCulture) + " must be between 1 and 1000, so that the next partition exists before its first row arrives");
            ok = false;
        }

        var maintainer = attribute.NamedInt(nameof(RollingPartitionsAttribute.Maintainer), 0);
        var retention = attribute.NamedInt(nameof(RollingPartitionsAttribute.RetentionMode), 0);
        if (maintainer is < 0 or > 1 || retention is < 0 or > 1)
        {
            return null; // A broken enum constant: the compiler reports it.
        }

        if (maintainer == (int)PartitionMaintainer.PgPartman)
        {
            ok &= CheckPgPartman(record, attribute, table, routing, rule, defaultPartition, problems);
        }

        var schedule = attribute.NamedString(nameof(RollingPartitionsAttribute.Schedule));
        if (schedule is not null && CronSchedule.Problem(schedule) is { } scheduleProblem)
        {
            problems.Add(Descriptors.InvalidMaintenanceSchedule, attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Schedule)), record, schedule, scheduleProblem);
            ok = false;
        }
        else if (schedule is not null && maintainer == (int)PartitionMaintainer.PgPartman)
        {
            problems.Add(Descriptors.InvalidRollingSetting, attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Schedule)), record, "Schedule runs Pgx's maintenance procedure, and pg_partman's background worker maintains this table; remove Schedule or use Maintainer = PartitionMaintainer.Pgx");
            ok = false;
        }

        var retain = attribute.NamedString(nameof(RollingPartitionsAttribute.Retain));
        if (retain is not null)
        {
            var retainRule = RollingInterval.Parse(retain, integerKey, out var retainReason);
            if (retainRule is null)
            {
                problems.Add(Descriptors.InvalidRollingInterval, attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Retain)), record, "Retain", retain, keyType, key.PropertyName, retainReason);
                ok = false;
            }
            else if (retainRule.LongestDays < rule.ShortestDays || integerKey && retainRule.Count < rule.Count)
            {
                problems.Add(Descriptors.RetainShorterThanInterval, attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Retain)), record, retain, rule.ToString());
                ok = false;
            }
            else
            {
                retain = retainRule.ToString();
            }
        }

        long? start = null;
        if (attribute.Named(nameof(RollingPartitionsAttribute.Start)) is { } startConstant && !startConstant.IsNull)
        {
            var location = attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Start));
            var parsed = PartitionValues.Parse(startConstant, key, allowOpen: false, out var startReason);
            if (parsed is null)
            {
                problems.Add(Descriptors.InvalidPartitionValue, location, "rolling Start", startConstant.Value?.ToString() ?? "null", keyType, key.PropertyName, startReason, record);
                return null;
            }

            start = Bound(parsed.Value.Value);
            if (!rule.IsAligned(start.Value))
            {
                var aligned = rule.LowerBound(rule.PartitionOf(start.Value));
                problems.Add(Descriptors.RollingStartNotAligned, location, record, startConstant.Value?.ToString() ?? "", rule.ToString(), integerKey ? "0" : "0001-01-01, weeks from Monday", Show(aligned, integerKey));
                ok = false;
            }
        }

        foreach (var (partition, range) in fixedRanges)
        {
            var to = partition.To is { } upper ? Bound(upper) : long.MaxValue;
            if (start is null || to > start.Value)
            {
                problems.Add(Descriptors.RangePartitionOverlapsRolling, range.At(), partition.Name, partition.From?.Display ?? "", partition.To?.Display ?? "", record,
                    start is null ? "have no Start and so begin wherever the first maintenance finds \"now\"" : "start at " + Show(start.Value, integerKey));
                ok = false;
            }
        }

        var digits = key.Kind switch { ClrKind.Int16 => 5, ClrKind.Int32 => 10, _ => 19 };
        var longest = maintainer == (int)PartitionMaintainer.PgPartman ? PgPartmanRules.LongestChildName(rule, table, digits) : rule.LongestChildName(table, digits);
        if (Sql.Names.IsTooLong(longest))
        {
            ModelParser.CheckIdentifier("rolling partition", longest, attribute.At(), problems, record);
            ok = false;
        }

        return ok
            ? new RollingSpec(rule.ToString(), premake, retain, start, (PartitionMaintainer)maintainer, (PartitionRetention)retention) { IntegerKey = integerKey, Schedule = schedule?.Trim() }
            : null;
    }

    /// <summary>
    /// PGX0039: what pg_partman cannot take over. Trigger routing (pg_partman 5 dropped it, and its 4.x triggers would
    /// replace Pgx's routing function), a default partition named other than the one pg_partman makes, and an interval
    /// pg_partman would lay out on other bounds than the rule's.
    /// </summary>
    private static bool CheckPgPartman(string record, AttributeData attribute, string table, int routing, RollingInterval rule, AttributeData? defaultPartition, ProblemList problems)
    {
        var at = attribute.AtNamedArgument(nameof(RollingPartitionsAttribute.Maintainer));
        if (routing == 1)
        {
            problems.Add(Descriptors.UnsupportedByPgPartman, at, record, "pg_partman 5 maintains declarative partitions only; remove Routing = PartitionRouting.Trigger or use Maintainer = PartitionMaintainer.Pgx");
            return false;
        }

        if (PgPartmanRules.Unsupported(rule) is { } reason)
        {
            problems.Add(Descriptors.UnsupportedByPgPartman, attribute.AtArgument(0), record, "the interval \"" + rule + "\" does not keep its bounds: " + reason);
            return false;
        }

        var expected = PgPartmanRules.DefaultPartition(table);
        if (defaultPartition is not null && defaultPartition.StringArg(0) is { } name && name != expected)
        {
            problems.Add(Descriptors.UnsupportedByPgPartman, defaultPartition.AtArgument(0), record, "pg_partman makes the default partition and names it '" + expected + "'; write [DefaultPartition(\"" + expected + "\")] or remove it");
            return false;
        }

        return true;
    }

    /// <summary>A parsed bound as the rule counts it: ticks for time keys, the number for integers; open sides at the ends.</summary>
    private static long Bound(PartitionValue value) => value.Bound switch
    {
        BoundKind.MinValue => long.MinValue,
        BoundKind.MaxValue => long.MaxValue,
        _ => value.Kind == ClrKind.DateOnly
            ? System.DateTime.ParseExact(value.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture).Ticks
            : long.Parse(value.Value, CultureInfo.InvariantCulture),
    };

    private static string Show(long bound, bool integerKey) => integerKey
        ? bound.ToString(CultureInfo.InvariantCulture)
        : new System.DateTime(bound).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
