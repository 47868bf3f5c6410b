namespace Pgx.Generators.Model;

/// <summary>The CLR types Pgx maps to PostgreSQL, as the emitters need to tell them apart.</summary>
internal enum ClrKind
{
    /// <summary><see cref="short"/> → smallint.</summary>
    Int16,

    /// <summary><see cref="int"/> → integer.</summary>
    Int32,

    /// <summary><see cref="long"/> → bigint.</summary>
    Int64,

    /// <summary><see cref="bool"/> → boolean.</summary>
    Boolean,

    /// <summary><see cref="string"/> → text.</summary>
    String,

    /// <summary><see cref="decimal"/> → numeric.</summary>
    Decimal,

    /// <summary><see cref="double"/> → double precision.</summary>
    Double,

    /// <summary><see cref="float"/> → real.</summary>
    Single,

    /// <summary><c>Guid</c> → uuid.</summary>
    Guid,

    /// <summary><c>DateTime</c> → timestamp.</summary>
    DateTime,

    /// <summary><c>DateTimeOffset</c> → timestamptz.</summary>
    DateTimeOffset,

    /// <summary><c>DateOnly</c> → date.</summary>
    DateOnly,

    /// <summary><c>TimeOnly</c> → time.</summary>
    TimeOnly,

    /// <summary><c>byte[]</c> → bytea.</summary>
    Bytes,

    /// <summary>An enum → integer (bigint for <c>long</c>-based enums), stored as its numeric value.</summary>
    Enum,
}
