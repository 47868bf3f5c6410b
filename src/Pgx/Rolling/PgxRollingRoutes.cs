using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using Npgsql;

namespace Pgx;

/// <summary>
/// Routing of a trigger-routed rolling partition set in generated repositories: the child a value belongs to, from
/// the rule alone (constant time, no catalog lookup), as an index after the listed partitions' so that the generated
/// per-partition statements (<see cref="PgxRollingStatements"/>) take it like any other. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PgxRollingRoutes
{
    private static readonly ConcurrentDictionary<string, (string Table, string Column, string Range)> Children = new(StringComparer.Ordinal);

    private readonly RollingInterval _rule;
    private readonly string _schema;
    private readonly string _table;
    private readonly string _column;
    private readonly int _listed;
    private readonly ConcurrentDictionary<long, int> _indexes = new();
    private readonly ConcurrentDictionary<int, long> _partitions = new();
    private readonly object _gate = new();
    private readonly long? _start;

    /// <summary>Routes for one table.</summary>
    /// <param name="schema">The table's schema.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="column">The partition-key column.</param>
    /// <param name="interval">The rolling interval (<c>1 month</c>, <c>100000</c>).</param>
    /// <param name="integerKey">Whether the key is an integer.</param>
    /// <param name="listed">How many partitions the generated code lists (fixed and default): rolling indexes come after them.</param>
    /// <param name="start">The first rolling partition's lower bound (ticks or the integer), or null.</param>
    public PgxRollingRoutes(string schema, string table, string column, string interval, bool integerKey, int listed, long? start)
    {
        _start = start;
        _rule = RollingInterval.Parse(interval, integerKey, out var reason) ?? throw new ArgumentException(reason, nameof(interval));
        _schema = schema;
        _table = table;
        _column = column;
        _listed = listed;
    }

    /// <summary>How many indexes exist: the listed partitions and every rolling child routed to so far.</summary>
    public int Count => _listed + _partitions.Count;

    /// <summary>The index of the rolling child that holds <paramref name="value"/> (UTC ticks, or the integer).</summary>
    /// <param name="value">The key value as the rule counts it.</param>
    /// <returns>An index at or after the listed partitions', or -1 before Start (no rolling partition holds it).</returns>
    public int IndexOf(long value)
    {
        if (value < _start)
        {
            return -1;
        }

        var partition = _rule.PartitionOf(value);
        if (_indexes.TryGetValue(partition, out var index))
        {
            return index;
        }

        lock (_gate)
        {
            if (!_indexes.TryGetValue(partition, out index))
            {
                index = _listed + _partitions.Count;
                _partitions[index] = partition;
                _indexes[partition] = index;
                var child = _rule.ChildName(_table, partition);
                Children[Quote(_schema) + "." + Quote(child)] = (_schema + "." + _table, _column, "[" + Show(_rule.LowerBound(partition)) + ", " + Show(_rule.LowerBound(partition + 1)) + ")");
            }

            return index;
        }
    }

    /// <summary>The index of a <see cref="DateTimeOffset"/> key's child.</summary>
    /// <param name="value">The key value.</param>
    /// <returns>An index at or after the listed partitions', or -1 before Start.</returns>
    public int IndexOf(DateTimeOffset value) => IndexOf(value.UtcTicks);

    /// <summary>The index of a <see cref="DateTime"/> key's child.</summary>
    /// <param name="value">The key value.</param>
    /// <returns>An index at or after the listed partitions', or -1 before Start.</returns>
    public int IndexOf(DateTime value) => IndexOf(value.Ticks);

    /// <summary>The index of a <see cref="DateOnly"/> key's child.</summary>
    /// <param name="value">The key value.</param>
    /// <returns>An index at or after the listed partitions', or -1 before Start.</returns>
    public int IndexOf(DateOnly value) => IndexOf(value.DayNumber * TimeSpan.TicksPerDay);

    /// <summary>Statements per partition: <paramref name="listed"/> for the listed ones, <paramref name="template"/> for rolling children.</summary>
    /// <param name="listed">The listed partitions' statements, in route order.</param>
    /// <param name="template">The statement with <see cref="PgxRollingStatements.ChildMarker"/> where the child's qualified name goes.</param>
    /// <returns>The statements.</returns>
    public PgxRollingStatements Statements(string[] listed, string template) => new(this, listed, template);

    /// <summary>The quoted, qualified name of the child at <paramref name="index"/> (a rolling index).</summary>
    internal string QualifiedChild(int index) => Quote(_schema) + "." + Quote(_rule.ChildName(_table, _partitions[index]));

    /// <summary>
    /// A <see cref="PgxPartitionException"/> for an insert into a rolling child that does not exist (yet, or any
    /// more), or null when <paramref name="error"/> is something else.
    /// </summary>
    internal static PgxPartitionException? Missing(PostgresException error)
    {
        if (error.SqlState == PostgresErrorCodes.CheckViolation && error.MessageText.StartsWith("no partition of relation", StringComparison.Ordinal))
        {
            // Through a declarative parent: "Partition key of the failing row contains (day) = (2026-03-18).", a detail
            // Npgsql passes on only with Include Error Detail = true; without it, column and value stay unnamed.
            var detail = error.Detail ?? "";
            var open = detail.IndexOf('(');
            var equals = detail.IndexOf(") = (", StringComparison.Ordinal);
            var column = open >= 0 && equals > open ? detail.Substring(open + 1, equals - open - 1) : "";
            var value = equals >= 0 ? detail.Substring(equals + 5).TrimEnd('.').TrimEnd(')') : "";
            return new PgxPartitionException(error.SchemaName + "." + error.TableName, column, value, null, error);
        }

        if (error.SqlState != PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }

        foreach (var pair in Children)
        {
            // PostgreSQL writes: relation "schema.name" does not exist.
            if (error.MessageText.Contains("\"" + pair.Key.Replace("\"", "") + "\"", StringComparison.Ordinal))
            {
                return new PgxPartitionException(pair.Value.Table, pair.Value.Column, pair.Value.Range, pair.Key.Replace("\"", ""), error);
            }
        }

        return null;
    }

    private string Show(long bound) => _rule.Unit == RollingUnit.Integer
        ? bound.ToString(CultureInfo.InvariantCulture)
        : new DateTime(bound).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}

/// <summary>The statements of a rolling set's repository, one per partition index; used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PgxRollingStatements
{
    /// <summary>Where a template names the child table.</summary>
    public const string ChildMarker = "/*pgx:child*/";

    private readonly PgxRollingRoutes _routes;
    private readonly string[] _listed;
    private readonly string _template;
    private readonly ConcurrentDictionary<int, string> _rolling = new();

    internal PgxRollingStatements(PgxRollingRoutes routes, string[] listed, string template)
    {
        _routes = routes;
        _listed = listed;
        _template = template;
    }

    /// <summary>How many partition indexes there are so far.</summary>
    public int Length => _routes.Count;

    /// <summary>The statement for the partition at <paramref name="index"/>.</summary>
    /// <param name="index">A listed partition's index, or a rolling child's from <see cref="PgxRollingRoutes.IndexOf(long)"/>.</param>
    public string this[int index] => index < _listed.Length
        ? _listed[index]
        : _rolling.GetOrAdd(index, i => _template.Replace(ChildMarker, _routes.QualifiedChild(i), StringComparison.Ordinal));
}
