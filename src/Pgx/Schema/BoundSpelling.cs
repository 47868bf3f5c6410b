using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Schema;

/// <summary>
/// The declarative LIST and RANGE bounds of the model as <c>pg_get_expr(relpartbound)</c> would print them, worked
/// out in one query and no DDL: the session reads each literal as a value of the existing key column's type and
/// prints it back (so a <c>timestamptz</c> bound comes out in the session's time zone, <c>'1'</c> as <c>1</c>), and
/// the quoting of PostgreSQL's deparser is applied to that text. A bound so spelled that equals the catalog's text
/// means the same values; anything else (a type whose spelling is not known here, a literal the type refuses, a
/// bound that really differs) is left to <see cref="BoundProbe"/>.
/// </summary>
internal static class BoundSpelling
{
    private const uint Bool = 16, Int4 = 23, Bit = 1560, VarBit = 1562, Numeric = 1700;

    /// <summary>The expected bound of each partition of <paramref name="tables"/>, by <see cref="SchemaDiff.CanonicalKey"/>; empty when the session cannot read a literal.</summary>
    public static async Task<Dictionary<string, string>> SpellAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TableModel> tables, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>();
        var literals = new List<string>();
        var sql = new StringBuilder("SELECT v.n, v.x, v.t FROM (VALUES ");
        var select = new NpgsqlBatchCommand();
        foreach (var table in tables)
        {
            select.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = table.Partitioning!.KeyColumn });
            var type = "NULL::" + SqlIdentifier.Quote(table.Schema) + "." + SqlIdentifier.Quote(table.Name);
            var key = "$" + select.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            foreach (var literal in Literals(table).Where(l => !IsUnbounded(l)).Distinct())
            {
                var value = "(pg_catalog.json_populate_record(" + type + ", pg_catalog.json_build_object(" + key + ", (" + literal + ")::text)))." + SqlIdentifier.Quote(table.Partitioning.KeyColumn);
                sql.Append(literals.Count == 0 ? "" : ", ").Append('(').Append(literals.Count).Append(", ").Append(value).Append("::text, pg_catalog.pg_typeof(").Append(value).Append(")::oid)");
                literals.Add(table.Schema + "\u0001" + table.Name + "\u0001" + literal);
            }
        }

        if (literals.Count == 0)
        {
            return result;
        }

        select.CommandText = sql.Append(") AS v(n, x, t)").ToString();
        var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT pgx_spell"));
        batch.BatchCommands.Add(select);
        var spelled = new Dictionary<string, string?>();
        try
        {
            await using (batch)
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    spelled[literals[reader.GetInt32(0)]] = Deparsed(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<uint>(2));
                }
            }
        }
        catch (PostgresException)
        {
            // A literal the existing key type refuses (the model changed the key's type): the probe decides.
            spelled.Clear();
        }
        finally
        {
            await using var release = new NpgsqlCommand("ROLLBACK TO SAVEPOINT pgx_spell; RELEASE SAVEPOINT pgx_spell", connection, transaction);
            await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in tables)
        {
            foreach (var partition in table.Partitioning!.Partitions.Where(p => !p.IsDefault && p.Bound is not null))
            {
                string? Spelled(string? literal) => literal is null ? null
                    : IsUnbounded(literal) ? literal.ToUpperInvariant()
                    : spelled.TryGetValue(table.Schema + "\u0001" + table.Name + "\u0001" + literal, out var text) ? text : null;
                var bound = table.Partitioning.Kind == "range"
                    ? Spelled(partition.From) is { } from && Spelled(partition.To) is { } to ? "FOR VALUES FROM (" + from + ") TO (" + to + ")" : null
                    : partition.Values.Select(Spelled).ToList() is var values && values.Count > 0 && values.All(v => v is not null) ? "FOR VALUES IN (" + string.Join(", ", values) + ")" : null;
                if (bound is not null)
                {
                    result[SchemaDiff.CanonicalKey(table, partition)] = bound;
                }
            }
        }

        return result;
    }

    private static IEnumerable<string> Literals(TableModel table) =>
        table.Partitioning!.Partitions.Where(p => !p.IsDefault).SelectMany(p => table.Partitioning.Kind == "range" ? new[] { p.From, p.To } : p.Values.Select(v => (string?)v)).OfType<string>();

    private static bool IsUnbounded(string literal) => literal.Trim().ToUpperInvariant() is "MINVALUE" or "MAXVALUE";

    /// <summary>
    /// A constant as the deparser prints it without a type label (ruleutils.c, get_const_expr): integers and
    /// numerics that read back as numbers bare, booleans as words, bit strings as <c>B'…'</c>, everything else
    /// quoted. A backslash depends on standard_conforming_strings, so it is left to the probe (null).
    /// </summary>
    private static string? Deparsed(string? text, uint type) => text switch
    {
        null => "NULL",
        _ when type == Int4 && !text.StartsWith("-", System.StringComparison.Ordinal) => text,
        _ when type == Numeric && text.Length > 0 && char.IsDigit(text[0]) && text.IndexOfAny(new[] { 'e', 'E', '.' }) >= 0 => text,
        _ when type == Bool => text,
        _ when type is Bit or VarBit => "B'" + text + "'",
        _ when text.Contains('\\') => null,
        _ => "'" + text.Replace("'", "''") + "'",
    };
}
