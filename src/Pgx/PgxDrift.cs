namespace Pgx;

/// <summary>What kind of difference <see cref="PgxDrift"/> reports.</summary>
public enum PgxDriftKind
{
    /// <summary>The remote table is missing altogether.</summary>
    TableMissing = 0,

    /// <summary>The record has a column the remote table does not.</summary>
    ColumnMissing = 1,

    /// <summary>The remote table has a column the record does not.</summary>
    ColumnAdded = 2,

    /// <summary>The column exists on both sides with different types.</summary>
    TypeDiffers = 3,

    /// <summary>The column is nullable on one side only.</summary>
    NullabilityDiffers = 4,

    /// <summary>A local table lacks an index the model declares.</summary>
    IndexMissing = 5,

    /// <summary>An index of the model's name has other columns or uniqueness, or was left invalid by an interrupted build.</summary>
    IndexDiffers = 6,

    /// <summary>A partition (or trigger-routed child) of the model is missing.</summary>
    PartitionMissing = 7,

    /// <summary>The table has a partition (or child) the model does not.</summary>
    PartitionExtra = 8,

    /// <summary>A partition's bounds, list values or CHECK, or a hash modulus, differ from the model's.</summary>
    PartitionBoundsDiffer = 9,

    /// <summary>A trigger-routed table's routing function is missing or routes by another partition map.</summary>
    RoutingFunctionDiffers = 10,

    /// <summary>The table is partitioned another way than the model's (not at all, by trigger, another kind or key).</summary>
    PartitioningDiffers = 11,

    /// <summary>The table's (or a trigger-routed child's) primary key has other columns than the model's, or none.</summary>
    PrimaryKeyDiffers = 12,

    /// <summary>A column's default differs from the model's (set, changed or dropped by hand, or the model changed it).</summary>
    DefaultDiffers = 13,

    /// <summary>A trigger-routed parent holds rows itself (<c>ONLY</c>), which no child has and no child's scan returns.</summary>
    RowsInParent = 14,

    /// <summary>A trigger-routed parent lacks Pgx's routing trigger, or routes its rows with another (e.g. one written by hand).</summary>
    RoutingTriggerDiffers = 15,

    /// <summary>A partition is local where the model puts it on another server, or on another server where the model keeps it local.</summary>
    PartitionOnOtherServer = 16,
}

/// <summary>
/// One difference between a record and its table as it is now: a foreign-table record and the remote table
/// (<c>CheckForeignDriftAsync</c>), or a local table record and the local table (<c>CheckDriftAsync</c>).
/// </summary>
/// <param name="Table">The table, <c>schema.name</c>.</param>
/// <param name="Column">The column, or <see langword="null"/> when the whole table differs.</param>
/// <param name="Kind">What differs.</param>
/// <param name="Expected">What the record declares (e.g. the type), when it declares anything.</param>
/// <param name="Actual">What the table has, when it has anything.</param>
public sealed record PgxDrift(string Table, string? Column, PgxDriftKind Kind, string? Expected, string? Actual)
{
    /// <summary>A sentence for logs: table, column and what differs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Server is null ? Describe() : "on the server " + Server + ", " + Describe();

    /// <summary>
    /// The foreign server whose table differs — the real table behind a partition on another server — or
    /// <see langword="null"/> for a table in the database checked.
    /// </summary>
    public string? Server { get; init; }

    private string Describe() => Kind switch
    {
        PgxDriftKind.TableMissing => $"{Table}: {TheTable} does not exist",
        PgxDriftKind.ColumnMissing => $"{Table}.{Column}: declared as {Expected} but missing on {TheTable}",
        PgxDriftKind.ColumnAdded => $"{Table}.{Column}: {Actual} on {TheTable} but not declared by the record",
        PgxDriftKind.TypeDiffers => $"{Table}.{Column}: declared as {Expected} but {TheColumn} is {Actual}",
        PgxDriftKind.IndexMissing => $"{Table}: index {Expected} is missing",
        PgxDriftKind.IndexDiffers => $"{Table}: index {Expected} is declared, but the table has {Actual}",
        PgxDriftKind.PartitionMissing => $"{Table}: partition {Expected} is missing",
        PgxDriftKind.PartitionExtra => $"{Table}: partition {Actual} is not in the model",
        PgxDriftKind.PartitionOnOtherServer => $"{Table}: partition declared as {Expected} but it is {Actual}",
        PgxDriftKind.PartitionBoundsDiffer => $"{Table}: partition declared as {Expected} but the table has {Actual}",
        PgxDriftKind.PartitioningDiffers => $"{Table}: declared {Expected} but the table is {Actual}",
        PgxDriftKind.PrimaryKeyDiffers => $"{Table}: primary key declared as {Expected} but {TheTable} has {Actual}",
        PgxDriftKind.DefaultDiffers => $"{Table}.{Column}: default declared as {Expected ?? "none"} but {TheColumn} has {Actual ?? "none"}",
        PgxDriftKind.RowsInParent => $"{Table}: {Actual} in the parent table itself, outside its child tables",
        PgxDriftKind.RoutingTriggerDiffers => $"{Table}: routing trigger {Expected} " + (Actual is null ? "is missing" : "is not the one that routes its rows: " + Actual),
        PgxDriftKind.RoutingFunctionDiffers => $"{Table}: routing function {Expected} " + (Actual is null ? "is missing" : "routes by another partition map"),
        _ => $"{Table}.{Column}: declared {Expected} but {TheColumn} is {Actual}",
    };

    /// <summary>Whether the table is a local one (<c>CheckDriftAsync</c>) rather than a foreign table's remote table.</summary>
    public bool IsLocal { get; init; }

    private string TheTable => IsLocal ? "the table" : "the remote table";

    private string TheColumn => IsLocal ? "the column" : "the remote column";
}
