namespace Pgx.Generators.Tests;

/// <summary>Real model sources the tests compile through the generator.</summary>
internal static class Models
{
    /// <summary>
    /// The table t of "When Your Postgres Database and ORM Collide: Partitioning", done right: LIST partitions on p,
    /// children t1 and t2, rows routed by a BEFORE INSERT trigger.
    /// </summary>
    public const string TriggerList = """
        using Pgx;

        namespace Shop;

        [PgTable("t")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("t1", 1)]
        [ListPartition("t2", 2)]
        public sealed record T([property: PgKey] long Id, int P, string? Value);
        """;

    /// <summary>Declarative RANGE by DateTimeOffset with a default partition.</summary>
    public const string Events = """
        using System;
        using Pgx;

        namespace Telemetry;

        [PgTable("events", Schema = "telemetry")]
        [PartitionBy(nameof(OccurredAt), PartitionKind.Range)]
        [RangePartition("events_2026_10", "2026-10-01", "2026-11-01")]
        [RangePartition("events_2026_11", "2026-11-01", "2026-12-01")]
        [DefaultPartition("events_default")]
        [PgIndex(nameof(DeviceId))]
        public sealed record Event(long Id, DateTimeOffset OccurredAt, Guid DeviceId, double Reading, string? Note);
        """;

    /// <summary>Declarative HASH by long.</summary>
    public const string Readings = """
        using Pgx;

        namespace Telemetry;

        [PgTable]
        [PartitionBy(nameof(SensorId), PartitionKind.Hash)]
        [HashPartitions(4)]
        public sealed record SensorReading([property: PgKey] long Id, long SensorId, decimal Value);
        """;

    /// <summary>A plain table exercising the type map, names that need quoting, and DataAnnotations.</summary>
    public const string Plain = """
        using System;
        using System.ComponentModel.DataAnnotations;
        using System.ComponentModel.DataAnnotations.Schema;
        using Pgx;

        namespace Shop.Orders;

        public enum OrderState { Open, Paid, Shipped }

        [PgTable("Order", Schema = "sales")]
        [PgIndex(nameof(CustomerEmail), Unique = true)]
        public sealed record Order(
            [property: Key] int OrderId,
            [property: Column("customer_email")] string CustomerEmail,
            [property: PgColumn(Type = "numeric(12,2)")] decimal Total,
            short Lines,
            bool IsGift,
            float Weight,
            DateTime PlacedLocal,
            DateOnly DueOn,
            TimeOnly DueAt,
            byte[]? Signature,
            OrderState State,
            int? Priority,
            [property: PgColumn("user")] string User,
            [property: NotMapped] string? Scratch,
            [property: PgIgnore] string? Cache);
        """;

    /// <summary>Trigger routing by RANGE over dates, with a default child and an index every child must get.</summary>
    public const string TriggerRange = """
        using System;
        using Pgx;

        namespace Ledger;

        [PgTable("entries", Schema = "ledger")]
        [PartitionBy(nameof(BookedOn), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
        [RangePartition("entries_2025", "2025-01-01", "2026-01-01")]
        [RangePartition("entries_2026", "2026-01-01", "2027-01-01")]
        [DefaultPartition("entries_other")]
        [PgIndex(nameof(Account))]
        public sealed record Entry([property: PgKey, PgSequence("ledger_ids")] long Id, DateOnly BookedOn, string Account, decimal Amount);
        """;

    /// <summary>
    /// A data-access file as applications write them: Dapper, Npgsql commands and batches, EF Core raw SQL and
    /// DbSets over the trigger-routed table t (<see cref="TriggerList"/>), with SQL in every form the SQL rules read (and some they must ignore).
    /// </summary>
    public const string DataAccess = """"
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.EntityFrameworkCore;
        using Npgsql;
        using Pgx;

        [assembly: TriggerRoutedTable("sales.orders")]

        namespace Shop;

        [PgTable("t")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("t1", 1)]
        [ListPartition("t2", 2)]
        public sealed record T([property: PgKey] long Id, int P, string? Value);

        public static class Queries
        {
            public const string Insert = "INSERT INTO t (p, value) VALUES (@P, @Value)";
            public const string Returning = " RETURNING id";
            public const string Lookup = """
                SELECT * FROM t /* the row just inserted */
                WHERE id = currval('t_id_seq') -- scans t1 and t2
                """;
        }

        public sealed class ShopDb : DbContext
        {
            public DbSet<T> Ts { get; set; } = null!;
        }

        public sealed class Store(NpgsqlDataSource dataSource, ShopDb db)
        {
            public async Task<long> AddAsync(T row)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                var id = await connection.ExecuteScalarAsync<long>(Queries.Insert + Queries.Returning, row);
                await connection.ExecuteAsync(@"INSERT INTO t (id, p) VALUES (@Id, @P)
                    ON CONFLICT (id) DO NOTHING", row);
                var sql = $"INSERT INTO sales.orders (total) VALUES ({row.P}) RETURNING order_id";
                await connection.ExecuteAsync(sql);
                await using var command = new NpgsqlCommand(Queries.Lookup, connection) { CommandText = "SELECT 'RETURNING' -- RETURNING" };
                await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(E + "INSERT INTO t (p) VALUES (1) RETURNING id") } };
                await db.Database.ExecuteSqlRawAsync("UPDATE t SET value = $$ ; RETURNING $$ WHERE id = currval('t_id_seq')");
                _ = db.Set<T>().FromSqlRaw("SELECT * FROM \"t\" WHERE id = {0}", id);
                return id;
            }

            private const string E = "/* nested /* comment */ */ ";
        }
        """";
}
