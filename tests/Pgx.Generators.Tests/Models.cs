namespace Pgx.Generators.Tests;

/// <summary>Real model sources the tests compile through the generator.</summary>
internal static class Models
{
    /// <summary>Seed 003's table t, done right: trigger routing on p with children t1 and t2.</summary>
    public const string SeedTable = """
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
}
