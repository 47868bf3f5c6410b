using System.Collections.Generic;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Sql;
using Pgx.Schema;
using Pgx.Testing;
using Xunit;

namespace Pgx.Generators.Tests;

/// <summary>
/// The maintenance procedure's naming routines agree with the C# rule on PostgreSQL: the partition, its bounds and
/// its name for every unit, names read back, and derived names shortened with the same hash past 63 bytes.
/// </summary>
public sealed class RollingProcedureNamingTests
{
    [Fact]
    public async Task The_procedure_names_partitions_and_derived_names_as_the_C_sharp_rule_does()
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("rolling_procedure_naming"));
        var model = new SchemaModel();
        model.Tables.Add(new TableModel
        {
            Name = "m",
            Columns = { new ColumnModel { Name = "at", Type = "date" } },
            Partitioning = new PartitioningModel { Kind = "range", KeyColumn = "at", Rolling = new RollingModel { Interval = "1 day" } },
        });
        await db.ExecuteAsync(RollingProcedure.Render(model));

        var long63 = new string('a', 50);
        foreach (var (name, suffix) in new[] { (long63, "_partition_check"), ("short", "_pkey"), ("é" + long63, "_p20260315_pkey"), ("😀" + long63 + "é😀", "_key") })
        {
            Assert.Equal(Names.Derived(name, suffix), await db.ScalarAsync<string>("SELECT pgx.derived_name($1, $2)", name, suffix));
        }

        // The documented rule: intervals counted from 0001-01-01 (weeks from its Monday) or from 0, named after the lower bound.
        var cases = new List<(string Unit, long Width, System.DateTime? At, long? Key, string Child, string NotChild)>
        {
            ("day", 1, new System.DateTime(2026, 3, 15, 12, 0, 0), null, "m_p20260315", "m_p20260231"),
            ("week", 1, new System.DateTime(2026, 3, 15), null, "m_p20260309", "m_p20260310"),
            ("month", 3, new System.DateTime(2026, 11, 30), null, "m_p202610", "m_p202611"),
            ("year", 1, new System.DateTime(2026, 1, 1), null, "m_p2026", "m_p202"),
            ("integer", 100000, null, 123456, "m_p100000", "m_p123456"),
            ("integer", 1000, null, -2500, "m_pm3000", "m_pm03000"),
        };
        foreach (var (unit, width, at, key, child, notChild) in cases)
        {
            var partition = await db.ScalarAsync<long>("SELECT pgx.rolling_partition_of($1, $2, $3::timestamp, $4::bigint)", unit, width, at is { } time ? time : System.DBNull.Value, key is { } k ? k : System.DBNull.Value);
            Assert.Equal(child, "m_p" + await db.ScalarAsync<string>("SELECT (pgx.rolling_partition('date', $1, $2, $3)).suffix", unit, width, partition));
            Assert.Equal(partition, await db.ScalarAsync<long>("SELECT pgx.rolling_partition_named('date', $1, $2, 'm', $3)", unit, width, child));
            Assert.True(await db.ScalarAsync<bool>("SELECT pgx.rolling_partition_named('date', $1, $2, 'm', $3) IS NULL", unit, width, notChild));
        }
    }
}
