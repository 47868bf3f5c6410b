using System.Globalization;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// Routing of a HASH table in generated code: <c>PartitionOf</c> computes PostgreSQL's own hash of the partition key
/// with <c>Pgx.PgxPartitionHash</c>, so the repository knows which partition (and so which server) holds a row.
/// Only tables with partitions on other servers route this way, where knowing the partition saves a hop; other hash
/// tables go through the parent, which PostgreSQL prunes. A key type whose stored form the client cannot hash exactly
/// (numeric, floating point, char(n), varchar(n), enums …) keeps going through the coordinator.
/// </summary>
internal static class HashRoutes
{
    /// <summary>Whether generated code computes the hash partitions of <paramref name="table"/>.</summary>
    public static bool Computed(TableSpec table) =>
        table.Partitioning is { Kind: PartitionKind.Hash, HasForeignPartitions: true } partitioning
        && !table.IsTriggerRouted
        && table.Columns.FirstOrDefault(c => c.PropertyName == partitioning.KeyProperty) is { } key
        && Hashes(key);

    /// <summary>The body of <c>PartitionOf</c>: the remainder of the value's hash, which is the partition's index.</summary>
    public static void WritePartitionOf(SourceWriter writer, PartitioningSpec partitioning)
    {
        var modulus = partitioning.HashModulus.ToString(CultureInfo.InvariantCulture);
        writer.Line("// PostgreSQL's hash partitioning, as the server computes it; partitions are in remainder order.");
        writer.Line("return global::Pgx.PgxPartitionHash.Empty.Add(value).Remainder(" + modulus + ");");
    }

    /// <summary>
    /// The code that computes a value's partition index: <c>PartitionOf(value)</c>, or for a text key with shard
    /// connections <c>await PartitionOfAsync(value, …)</c>, which first asks whether the coordinator hashes text as C# does.
    /// </summary>
    public static string Call(RepositoryPlan plan, string value) =>
        AsksCoordinatorEncoding(plan)
            ? "await PartitionOfAsync(" + value + ", cancellationToken).ConfigureAwait(false)"
            : "PartitionOf(" + value + ")";

    // A HASH table with a text key, built with shard connections: its partition depends on the coordinator's encoding.
    private static bool AsksCoordinatorEncoding(RepositoryPlan plan) => plan.ParentRoute is not null && RepositoryShards.Applies(plan);

    /// <summary>
    /// <c>PartitionOfAsync</c> of a HASH table with a text key (<see cref="Call"/>): PostgreSQL hashes the bytes in the
    /// coordinator database's encoding and <c>PgxPartitionHash</c> the UTF-8 bytes, so in another encoding the row takes
    /// the statements on the parent (<see cref="RepositoryPlan.ParentRoute"/>), local to the coordinator, and
    /// PostgreSQL picks the partition, as for a key type C# cannot hash.
    /// </summary>
    public static void WritePartitionOfAsync(SourceWriter writer, RepositoryPlan plan)
    {
        if (!AsksCoordinatorEncoding(plan))
        {
            return;
        }

        var parent = plan.ParentRoute!.Value;
        using (writer.Block("private async global::System.Threading.Tasks.ValueTask<int> PartitionOfAsync(" + plan.PartitionColumn!.ClrType + " value, global::System.Threading.CancellationToken cancellationToken)"))
        {
            writer.Line("// PostgreSQL hashes text in the coordinator's encoding, PgxPartitionHash in UTF-8: only a UTF8 coordinator agrees.");
            using (writer.Block("if (_shards is { } shards && !await shards.HashesTextAsync(_db, cancellationToken).ConfigureAwait(false))"))
            {
                writer.Line("return " + parent.ToString(CultureInfo.InvariantCulture) + "; // the parent table");
            }

            writer.Line();
            writer.Line("return PartitionOf(value);");
        }

        writer.Line();
    }

    // The column types PgxPartitionHash hashes as PostgreSQL does: integers of any width (equal values hash equally),
    // boolean, text and unbounded varchar (a length limit would cut trailing spaces), uuid, date and timestamps
    // (their stored value, which the callers compute first).
    private static bool Hashes(ColumnSpec key)
    {
        var type = SqlTypeNames.BaseTypeName(key.PgType);
        return key.Kind switch
        {
            ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64 => PgTypeFamilies.IntegerStorage(key.PgType) is not null,
            ClrKind.String => key.PgType is "text" or "varchar" or "character varying",
            ClrKind.Boolean or ClrKind.Guid or ClrKind.DateOnly => PgTypeFamilies.IsInFamily(key.Kind, key.PgType) && type == key.PgType,
            ClrKind.DateTime or ClrKind.DateTimeOffset => PgTypeFamilies.IsInFamily(key.Kind, key.PgType),
            _ => false,
        };
    }
}
