using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// What a trigger-routed table holds besides its children: the triggers that route its rows and the rows left in the
/// parent itself. Read for every table routed by inheritance, whatever the model says, so that a table built by hand
/// (a routing trigger and function of any name, rows inserted into the parent before the trigger existed) is adopted
/// as it is, and converted to declarative partitioning knowing what to drop and what to move.
/// </summary>
internal static partial class CatalogReader
{
    // Row-level BEFORE INSERT triggers (tgtype bits: ROW 1, BEFORE 2, INSERT 4) on the parents, with their functions.
    private const string RoutingTriggersSql = """
        SELECT t.tgrelid, t.tgname, n.nspname, p.proname, p.prosrc
        FROM pg_catalog.pg_trigger t
        JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal AND (t.tgtype & 7) = 7 AND p.pronargs = 0
        ORDER BY t.tgrelid, t.tgname
        """;

    // A routing function inserts the row elsewhere and keeps it out of the parent: INSERT INTO … and RETURN NULL. A
    // trigger that only fills in a column returns NEW, and is left alone (the partitions' mirror copies it to them).
    private static readonly Regex InsertsElsewhere = new(@"\binsert\s+into\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex ReturnsNull = new(@"\breturn\s+null\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static async Task ReadRoutingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel actual, Dictionary<uint, TableModel> byOid, CancellationToken cancellationToken)
    {
        var routed = byOid.Where(t => t.Value.Partitioning?.IsTriggerRouted == true).ToList();
        if (routed.Count == 0)
        {
            return;
        }

        foreach (var table in routed)
        {
            table.Value.Partitioning!.RoutingTriggers = new List<RoutingTriggerModel>();
        }

        await using (var command = Command(connection, transaction, RoutingTriggersSql, routed.Select(t => t.Key).ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var body = reader.GetString(4);
                if (InsertsElsewhere.IsMatch(body) && ReturnsNull.IsMatch(body))
                {
                    byOid[reader.GetFieldValue<uint>(0)].Partitioning!.RoutingTriggers!.Add(new RoutingTriggerModel
                    {
                        Name = reader.GetString(1),
                        FunctionSchema = reader.GetString(2),
                        Function = reader.GetString(3),
                    });
                }
            }
        }

        // One query for every parent: the rows each holds itself, which its children's scans never see.
        var sql = new StringBuilder();
        for (var i = 0; i < routed.Count; i++)
        {
            var table = routed[i].Value;
            sql.Append(i == 0 ? "" : " UNION ALL ").Append("SELECT ").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append(", count(*) FROM ONLY ").Append(SqlIdentifier.Quote(table.Schema)).Append('.').Append(SqlIdentifier.Quote(table.Name));
        }

        await using (var command = new NpgsqlCommand(sql.ToString(), connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                routed[reader.GetInt32(0)].Value.Partitioning!.RowsInParent = reader.GetInt64(1);
            }
        }
    }
}
