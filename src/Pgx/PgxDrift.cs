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
}

/// <summary>One difference between a foreign-table record and the remote table as it is now.</summary>
/// <param name="Table">The local foreign table, <c>schema.name</c>.</param>
/// <param name="Column">The column, or <see langword="null"/> when the whole table differs.</param>
/// <param name="Kind">What differs.</param>
/// <param name="Expected">What the record declares (e.g. the type), when it declares anything.</param>
/// <param name="Actual">What the remote table has, when it has anything.</param>
public sealed record PgxDrift(string Table, string? Column, PgxDriftKind Kind, string? Expected, string? Actual)
{
    /// <summary>A sentence for logs: table, column and what differs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        PgxDriftKind.TableMissing => $"{Table}: the remote table does not exist",
        PgxDriftKind.ColumnMissing => $"{Table}.{Column}: declared as {Expected} but missing on the remote table",
        PgxDriftKind.ColumnAdded => $"{Table}.{Column}: {Actual} on the remote table but not declared by the record",
        PgxDriftKind.TypeDiffers => $"{Table}.{Column}: declared as {Expected} but the remote column is {Actual}",
        _ => $"{Table}.{Column}: declared {Expected} but the remote column is {Actual}",
    };
}
