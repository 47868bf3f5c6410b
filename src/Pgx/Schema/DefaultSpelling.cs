using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// The model's column defaults as the catalog prints them (<c>pg_get_expr</c>), so they compare by meaning:
/// <c>'pending'</c> is stored as <c>'pending'::text</c>, and a key's <c>nextval('public.t_id_seq'::regclass)</c>
/// prints without the schema when it is on the search path. Only defaults whose text differs from the catalog's are
/// spelled. A sequence default needs no DDL (the server prints the sequence's name as <c>regclass</c> does); any
/// other goes into a temporary table, one column per default, read back and rolled back: nothing is changed and
/// nothing real is locked.
/// </summary>
internal static class DefaultSpelling
{
    // PostgreSQL allows 1,600 columns per table.
    private const int ColumnsPerProbe = 1000;

    /// <summary>Adds each spelled default to <paramref name="canonical"/> under <see cref="SchemaDiff.DefaultKey"/>.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel desired, SchemaModel actual, Dictionary<string, string> canonical, CancellationToken cancellationToken)
    {
        var differing = new List<(TableModel Table, ColumnModel Column)>();
        foreach (var table in desired.Tables)
        {
            var have = actual.Tables.FirstOrDefault(t => t.Schema == table.Schema && t.Name == table.Name);
            foreach (var column in table.Columns.Where(c => c.Default is not null))
            {
                var existing = have?.Columns.FirstOrDefault(c => c.Name == column.Name);
                if (existing?.Default is { } text && text != column.Default)
                {
                    differing.Add((table, column));
                }
            }
        }

        if (differing.Count == 0)
        {
            return;
        }

        await TemporaryProbe.InTransactionAsync(connection, transaction, async active =>
        {
            var sequences = differing.Where(d => d.Table.Sequence is { } s && s.Column == d.Column.Name).ToList();
            await SpellSequencesAsync(connection, active, sequences, canonical, cancellationToken).ConfigureAwait(false);
            var others = differing.Except(sequences).ToList();
            for (var at = 0; at < others.Count; at += ColumnsPerProbe)
            {
                var chunk = others.Skip(at).Take(ColumnsPerProbe).ToList();
                if (!await ProbeAsync(connection, active, chunk, canonical, cancellationToken).ConfigureAwait(false))
                {
                    // One default the server refuses (e.g. a function not there yet) must not cost the others their comparison by meaning.
                    foreach (var one in chunk)
                    {
                        await ProbeAsync(connection, active, new List<(TableModel, ColumnModel)> { one }, canonical, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SpellSequencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(TableModel Table, ColumnModel Column)> sequences, Dictionary<string, string> canonical, CancellationToken cancellationToken)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        // A missing sequence spells as NULL: the default then differs, and the plan makes the sequence.
        const string sql = "SELECT pg_catalog.quote_literal(pg_catalog.to_regclass(s)::text) FROM unnest($1::text[]) WITH ORDINALITY AS w(s, i) ORDER BY i";
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.Select(d => SqlIdentifier.Quote(d.Table.Sequence!.Schema) + "." + SqlIdentifier.Quote(d.Table.Sequence.Name)).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
        {
            if (!reader.IsDBNull(0))
            {
                canonical[SchemaDiff.DefaultKey(sequences[i].Table, sequences[i].Column.Name)] = "nextval(" + reader.GetString(0) + "::regclass)";
            }
        }
    }

    /// <summary>Spells <paramref name="defaults"/> through one temporary table; false when the server refused one of them.</summary>
    private static Task<bool> ProbeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(TableModel Table, ColumnModel Column)> defaults, Dictionary<string, string> canonical, CancellationToken cancellationToken)
    {
        var ddl = new StringBuilder("CREATE TEMPORARY TABLE pgx_defaults (");
        for (var i = 0; i < defaults.Count; i++)
        {
            ddl.Append(i == 0 ? "" : ", ").Append('c').Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(defaults[i].Column.Type)
                .Append(" DEFAULT (").Append(defaults[i].Column.Default).Append(')');
        }

        ddl.Append(')');
        const string read = """
            SELECT a.attnum, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
            FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = 'pg_temp.pgx_defaults'::regclass
            """;
        return TemporaryProbe.TryAsync(connection, transaction, ddl.ToString(), read, reader =>
        {
            var (table, column) = defaults[reader.GetInt16(0) - 1];
            canonical[SchemaDiff.DefaultKey(table, column.Name)] = reader.GetString(1);
        }, cancellationToken);
    }
}
