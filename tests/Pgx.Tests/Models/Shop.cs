using System;
using Pgx;

namespace Pgx.Tests.Models;

/// <summary>An order's state, stored as its integer value.</summary>
public enum OrderStatus
{
    /// <summary>Placed.</summary>
    Placed = 1,

    /// <summary>Paid.</summary>
    Paid = 2,

    /// <summary>Shipped.</summary>
    Shipped = 3,
}

/// <summary>Declarative LIST by string, no default partition, and every mapped CLR type for round trips.</summary>
[PgTable("orders", Schema = "shop")]
[PartitionBy(nameof(Country), PartitionKind.List)]
[ListPartition("orders_nordic", "se", "no", "dk")]
[ListPartition("orders_dach", "de", "at", "ch")]
public sealed record ShopOrder(
    [property: PgKey] long Id,
    string Country,
    [property: PgColumn(Type = "numeric(12,2)")] decimal Total,
    OrderStatus Status,
    DateTime PlacedAt,
    DateOnly? ShipOn,
    TimeOnly? ShipAt,
    byte[]? Receipt,
    bool Gift,
    short Lines,
    float Weight,
    double Score,
    Guid Customer,
    string? Note,
    int? Priority,
    [property: PgColumn(Type = "jsonb")] string? Details);

/// <summary>Unpartitioned, with a key the application supplies.</summary>
[PgTable("devices", Schema = "shop")]
public sealed record Device([property: PgKey] Guid Id, string Name, DateTimeOffset Registered);

/// <summary>No primary constructor: rows are built with an object initializer.</summary>
[PgTable("notes", Schema = "shop")]
public sealed record Note
{
    /// <summary>The key, from the sequence.</summary>
    public long Id { get; init; }

    /// <summary>The text.</summary>
    public string Text { get; init; } = "";

    /// <summary>When, if known.</summary>
    public DateTimeOffset? At { get; set; }
}

/// <summary>
/// Trigger routing with every mapped CLR type: batches reach the children by typed arrays through
/// <c>unnest</c> (small shares) or by binary COPY (large shares), and both must round-trip every type.
/// </summary>
[PgTable("parcels", Schema = "shop")]
[PartitionBy(nameof(Country), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("parcels_nordic", "se", "no", "dk")]
[ListPartition("parcels_dach", "de", "at", "ch")]
public sealed record Parcel(
    [property: PgKey] long Id,
    string Country,
    [property: PgColumn(Type = "numeric(12,2)")] decimal Total,
    OrderStatus Status,
    DateTime PlacedAt,
    DateOnly? ShipOn,
    TimeOnly? ShipAt,
    byte[]? Receipt,
    bool Gift,
    short Lines,
    float Weight,
    double Score,
    Guid Customer,
    string? Note,
    int? Priority,
    [property: PgColumn(Type = "jsonb")] string? Details,
    DateTimeOffset? DeliveredAt);
