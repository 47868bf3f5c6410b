namespace Pgx.Generators.Diagnostics;

/// <summary>Every diagnostic id, in one place. Each has docs/diagnostics/&lt;id&gt;.md.</summary>
internal static class RuleIds
{
    public const string UnknownPartitionKey = "PGX0001";
    public const string PartitionWithoutPartitionBy = "PGX0002";
    public const string PartitionKindMismatch = "PGX0003";
    public const string DuplicateListValue = "PGX0004";
    public const string OverlappingRanges = "PGX0005";
    public const string EmptyRange = "PGX0006";
    public const string InvalidPartitionValue = "PGX0007";
    public const string InvalidHashCount = "PGX0008";
    public const string DuplicateName = "PGX0009";
    public const string UnsupportedPropertyType = "PGX0010";
    public const string MissingKey = "PGX0011";
    public const string IdentifierTooLong = "PGX0012";
    public const string UnknownForeignServer = "PGX0013";
    public const string KeyCannotUseSequence = "PGX0014";
    public const string NotARecord = "PGX0015";
    public const string UnsupportedPartitionKey = "PGX0016";
    public const string UnsupportedPartitionCombination = "PGX0017";
    public const string InvalidColumnType = "PGX0018";
    public const string DuplicateColumn = "PGX0019";
    public const string UnknownIndexProperty = "PGX0020";
    public const string UniqueIndexWithoutPartitionKey = "PGX0021";
    public const string NoPartitions = "PGX0022";
    public const string EmptyIdentifier = "PGX0023";
    public const string RepositoryGap = "PGX0024";
    public const string TriggerRoutedUniqueIndex = "PGX0025";
    public const string TriggerRoutedKeyWithoutSequence = "PGX0030";
    public const string UnroutablePartitionKeyType = "PGX0026";
    public const string PartitionValueNotStoredAsWritten = "PGX0027";
    public const string EnumColumnTypeNotInteger = "PGX0028";
    public const string InvalidColumnDefault = "PGX0029";

    // PGX0031–0037: rolling partitions.
    public const string InvalidRollingInterval = "PGX0031";
    public const string RollingStartNotAligned = "PGX0032";
    public const string RetainShorterThanInterval = "PGX0033";
    public const string UnsupportedRollingKey = "PGX0034";
    public const string RangePartitionOverlapsRolling = "PGX0035";
    public const string InvalidRollingSetting = "PGX0036";
    public const string InvalidMaintenanceSchedule = "PGX0037";

    // PGX0039: rolling partitions handed to pg_partman.
    public const string UnsupportedByPgPartman = "PGX0039";

    // PGX0038: a record the generator does not discover.
    public const string PartitionByWithoutTable = "PGX0038";

    // PGX0040–0049: foreign declarations (postgres_fdw).
    public const string DuplicateForeignServer = "PGX0040";
    public const string InvalidForeignServerSetting = "PGX0041";
    public const string ImportLimitToAndExcept = "PGX0042";
    public const string UniqueIndexWithForeignPartitions = "PGX0043";
    public const string MisplacedPartitionServer = "PGX0044";
    public const string ReturningFromTriggerRoutedTable = "PGX0101";
    public const string CurrvalLookupOnPartitionedTable = "PGX0102";
    public const string OnConflictOnTriggerRoutedTable = "PGX0103";
    public const string EfCoreDbSetOfTriggerRoutedTable = "PGX0105";
    public const string PartitionKeyUpdateOnTriggerRoutedTable = "PGX0107";
    public const string OnConflictIntoForeignPartitions = "PGX0108";

    // PGX0104, PGX0106: SQL on postgres_fdw foreign tables.
    public const string WriteToReadOnlyForeignTable = "PGX0104";
    public const string JoinAcrossForeignServers = "PGX0106";

    public const string InternalError = "PGX0999";
}
