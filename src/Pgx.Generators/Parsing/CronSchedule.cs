using System;
using System.Globalization;
using System.Linq;

namespace Pgx.Generators.Parsing;

/// <summary>
/// pg_cron's schedule syntax, checked at compile time so that a typo is PGX0037 where it is written rather than an
/// error from <c>cron.schedule</c> at the first apply: five fields (minute, hour, day of month, month, day of week)
/// of <c>*</c>, numbers, ranges, lists and <c>/</c> steps, month and weekday names, <c>$</c> for the last day of the
/// month; a macro (<c>@hourly</c> …); or <c>"N seconds"</c> with N from 1 to 59.
/// </summary>
internal static class CronSchedule
{
    private static readonly string[] Macros = { "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@reboot" };

    private static readonly string[] Months = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };

    private static readonly string[] Weekdays = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

    private static readonly (string Name, int Min, int Max, string[]? Names)[] Fields =
    {
        ("minute", 0, 59, null),
        ("hour", 0, 23, null),
        ("day of month", 1, 31, null),
        ("month", 1, 12, Months),
        ("day of week", 0, 7, Weekdays),
    };

    /// <summary>Why <paramref name="schedule"/> is not a schedule pg_cron accepts, or null when it is one.</summary>
    /// <param name="schedule">The schedule as written.</param>
    /// <returns>The reason, or null.</returns>
    public static string? Problem(string schedule)
    {
        var text = schedule.Trim();
        if (text.StartsWith("@", StringComparison.Ordinal))
        {
            return Macros.Contains(text.ToLowerInvariant()) ? null : "'" + text + "' is not one of " + string.Join(", ", Macros);
        }

        var parts = text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && (parts[1] == "seconds" || parts[1] == "second"))
        {
            return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 59
                ? null
                : "an interval in seconds must be from 1 to 59 seconds";
        }

        if (parts.Length != 5)
        {
            return "it has " + parts.Length.ToString(CultureInfo.InvariantCulture) + " fields; write minute hour day-of-month month day-of-week, such as \"*/15 * * * *\"";
        }

        for (var i = 0; i < 5; i++)
        {
            foreach (var item in parts[i].Split(','))
            {
                if (Item(item, Fields[i], i == 2) is { } problem)
                {
                    return "the " + Fields[i].Name + " field '" + parts[i] + "': " + problem;
                }
            }
        }

        return null;
    }

    private static string? Item(string item, (string Name, int Min, int Max, string[]? Names) field, bool lastDayAllowed)
    {
        var slash = item.IndexOf('/');
        var range = slash < 0 ? item : item.Substring(0, slash);
        if (slash >= 0 && (!int.TryParse(item.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1))
        {
            return "'" + item + "' needs a positive step after '/'";
        }

        if (range == "*" || lastDayAllowed && range == "$" && slash < 0)
        {
            return null;
        }

        var dash = range.IndexOf('-');
        var first = Value(dash < 0 ? range : range.Substring(0, dash), field);
        var last = dash < 0 ? first : Value(range.Substring(dash + 1), field);
        if (first is null || last is null)
        {
            return "'" + item + "' is not " + field.Min.ToString(CultureInfo.InvariantCulture) + "–" + field.Max.ToString(CultureInfo.InvariantCulture)
                + (field.Names is null ? "" : " or a name (" + field.Names[0] + "…)") + ", '*', a range, a list or a step";
        }

        return first > last ? "the range '" + range + "' runs backwards" : null;
    }

    private static int? Value(string text, (string Name, int Min, int Max, string[]? Names) field)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= field.Min && number <= field.Max ? number : null;
        }

        var index = field.Names is null ? -1 : Array.IndexOf(field.Names, text.ToLowerInvariant());
        return index < 0 ? null : index + (field.Names == Months ? 1 : 0);
    }
}
