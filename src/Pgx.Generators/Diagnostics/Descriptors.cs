using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Diagnostics;

/// <summary>
/// Every descriptor Pgx reports. Messages say what is wrong and what to write instead; each help link
/// opens the rule's page under docs/diagnostics.
/// </summary>
internal static class Descriptors
{
    /// <summary>Where the per-rule pages live.</summary>
    public const string HelpLinkBase = "https://github.com/pgx-generators/Pgx.Generators/blob/main/docs/diagnostics/";

    public const string ModelCategory = "Pgx.Model";
    public const string SqlCategory = "Pgx.Sql";
    public const string PerformanceCategory = "Pgx.Performance";

    public static readonly DiagnosticDescriptor UnknownPartitionKey = Error(
        RuleIds.UnknownPartitionKey,
        "Unknown partition key property",
        "[PartitionBy] names '{0}', which is not a mapped property of {1}; write [PartitionBy(nameof({1}.<Property>), …)]");

    public static readonly DiagnosticDescriptor PartitionWithoutPartitionBy = Error(
        RuleIds.PartitionWithoutPartitionBy,
        "Partition declared without [PartitionBy]",
        "[{0}] on {1} needs [PartitionBy(nameof(<Property>), PartitionKind.{2})] on the same record");

    public static readonly DiagnosticDescriptor PartitionByWithoutTable = Error(
        RuleIds.PartitionByWithoutTable,
        "[PartitionBy] on a record without [PgTable]",
        "{0} has [PartitionBy] but no [PgTable], so it is not a table model and gets no table or repository; add [PgTable] to {0}");

    public static readonly DiagnosticDescriptor PartitionKindMismatch = Error(
        RuleIds.PartitionKindMismatch,
        "Partition does not match the partition kind",
        "[{0}] declares a {1} partition, but {2} is partitioned by {3}; use [{4}] or change [PartitionBy]");

    public static readonly DiagnosticDescriptor DuplicateListValue = Error(
        RuleIds.DuplicateListValue,
        "List value in more than one partition",
        "The value {0} of {3}.{4} is listed in partition '{1}' and again in '{2}'; remove it from '{2}', since a value can belong to one partition only");

    public static readonly DiagnosticDescriptor OverlappingRanges = Error(
        RuleIds.OverlappingRanges,
        "Range partitions overlap",
        "Range partition '{0}' [{1}, {2}) of {6} overlaps '{3}' [{4}, {5}); start '{0}' at {5}, where '{3}' ends (a range includes its lower bound and excludes its upper), or remove it");

    public static readonly DiagnosticDescriptor EmptyRange = Error(
        RuleIds.EmptyRange,
        "Range partition is empty or inverted",
        "Range partition '{0}' of {3} goes from {1} to {2}, which holds no value; write the lower bound first, as in [RangePartition(\"{0}\", from, to)] with from < to");

    public static readonly DiagnosticDescriptor InvalidPartitionValue = Error(
        RuleIds.InvalidPartitionValue,
        "Partition value is not a value of the partition key's type",
        "Partition '{0}' of {5}: {1} is not a valid {2} value for {5}.{3}; {4}");

    public static readonly DiagnosticDescriptor InvalidHashCount = Error(
        RuleIds.InvalidHashCount,
        "Hash partition count must be at least 1",
        "[HashPartitions({0})] on {1} needs a count of at least 1; write e.g. [HashPartitions(4)] for partitions _p0 … _p3");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        RuleIds.DuplicateName,
        "Duplicate table or partition name",
        "'{0}' in {2} is already used by {1}; give one of them another name (tables and partitions share one namespace per schema)");

    public static readonly DiagnosticDescriptor UnsupportedPropertyType = Error(
        RuleIds.UnsupportedPropertyType,
        "Unsupported property type",
        "Property {2}.{0} has type {1}, which Pgx cannot map; use a supported type (short, int, long, bool, string, decimal, double, float, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, byte[], an enum) or mark it [PgIgnore]");

    public static readonly DiagnosticDescriptor MissingKey = Error(
        RuleIds.MissingKey,
        "Table has no key",
        "{0} has no key; mark the key property [PgKey] (or [Key]), or name it Id or {0}Id");

    public static readonly DiagnosticDescriptor IdentifierTooLong = Error(
        RuleIds.IdentifierTooLong,
        "Identifier longer than 63 bytes",
        "The {0} name '{1}' of {3} is {2} bytes long; PostgreSQL silently truncates identifiers to 63 bytes, so write a name of at most 63 bytes");

    public static readonly DiagnosticDescriptor UnknownForeignServer = Error(
        RuleIds.UnknownForeignServer,
        "Unknown foreign server",
        "{1} names the foreign server '{0}', which is not declared; add [assembly: ForeignServer(\"{0}\")] or use the name of one that is");

    public static readonly DiagnosticDescriptor KeyCannotUseSequence = Error(
        RuleIds.KeyCannotUseSequence,
        "Key cannot hold a sequence value",
        "{2}.{0} is {1}, which cannot hold a sequence value; make it short, int or long, or remove [PgSequence]");

    public static readonly DiagnosticDescriptor NotARecord = Error(
        RuleIds.NotARecord,
        "Table model must be a non-generic, non-abstract record",
        "{0} cannot be a table model because it {1}; declare a non-generic, non-abstract 'record' (or 'record struct') so Pgx can build rows and return them with their keys");

    public static readonly DiagnosticDescriptor UnsupportedPartitionKey = Error(
        RuleIds.UnsupportedPartitionKey,
        "Unsupported partition key",
        "{3}.{0} cannot be the key of {1} partitioning: {2}");

    public static readonly DiagnosticDescriptor UnsupportedPartitionCombination = Error(
        RuleIds.UnsupportedPartitionCombination,
        "Unsupported partitioning combination",
        "{0}");

    public static readonly DiagnosticDescriptor InvalidColumnType = Error(
        RuleIds.InvalidColumnType,
        "Invalid column type",
        "'{0}' is not a PostgreSQL type name Pgx accepts for {2}.{1}; write a type such as numeric(12,2), varchar(200) or timestamp(3) with time zone");

    public static readonly DiagnosticDescriptor DuplicateColumn = Error(
        RuleIds.DuplicateColumn,
        "Duplicate column name",
        "Properties {3}.{0} and {3}.{1} both map to the column '{2}'; give {3}.{1} another name with [PgColumn(\"other_name\")]");

    public static readonly DiagnosticDescriptor UnknownIndexProperty = Error(
        RuleIds.UnknownIndexProperty,
        "Index names an unknown property",
        "[PgIndex] names '{0}', which is not a mapped property of {1}; use nameof({1}.<Property>)");

    public static readonly DiagnosticDescriptor UniqueIndexWithoutPartitionKey = Error(
        RuleIds.UniqueIndexWithoutPartitionKey,
        "Unique index must include the partition key",
        "The unique index on ({2}) of {3} must include the partition key '{0}', since {3} is partitioned declaratively; add nameof({1}) to [PgIndex]");

    public static readonly DiagnosticDescriptor NoPartitions = Warning(
        RuleIds.NoPartitions,
        "Partitioned table has no partitions",
        "{0} is partitioned but declares no partitions, so every insert will fail; add [{1}] or a [DefaultPartition]");

    public static readonly DiagnosticDescriptor EmptyIdentifier = Error(
        RuleIds.EmptyIdentifier,
        "Empty name",
        "The {0} name of {1} is empty; write a name, or leave the argument out to use the default");

    public static readonly DiagnosticDescriptor RepositoryGap = new(
        RuleIds.RepositoryGap,
        "Record gets no repository, or one that does not read every column back",
        "{0}: {1}; {2}",
        ModelCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Pgx generates a repository only for a record it can name, construct and return with its key; where it cannot, it generates none rather than code that does not compile, and this warning says why.",
        helpLinkUri: HelpLinkBase + RuleIds.RepositoryGap + ".md");

    public static readonly DiagnosticDescriptor TriggerRoutedUniqueIndex = Warning(
        RuleIds.TriggerRoutedUniqueIndex,
        "Unique index on a trigger-routed table holds within each child only",
        "The unique index on ({0}) is created on every child of the trigger-routed table {1}, and each child checks only its own rows, so the same value can be stored once per child; add nameof({2}) to [PgIndex] (equal partition keys always land in the same child)",
        "Inheritance copies no index: every child gets its own unique index, which compares the rows of that child only. Rows with different partition keys land in different children, so a duplicate is accepted unless the index includes the partition key.");

    public static readonly DiagnosticDescriptor TriggerRoutedKeyWithoutSequence = Warning(
        RuleIds.TriggerRoutedKeyWithoutSequence,
        "Key of a trigger-routed table holds within each child only",
        "The key ({0}) is the primary key of every child of the trigger-routed table {1}, and each child checks only its own rows; its values do not come from the sequence the children share, so the same key can be stored once per child; {2}",
        "Inheritance copies no primary key: every child gets its own, which compares the rows of that child only. Keys drawn from the one shared sequence never repeat; keys the application supplies can, in another child, unless the key includes the partition key.");

    public static readonly DiagnosticDescriptor UnroutablePartitionKeyType = Error(
        RuleIds.UnroutablePartitionKeyType,
        "Partition key column type that C# routing cannot follow",
        "The column type '{0}' of partition key {4}.{1} ({2}) makes PostgreSQL store or compare the key differently from C#: {3}");

    public static readonly DiagnosticDescriptor PartitionValueNotStoredAsWritten = Error(
        RuleIds.PartitionValueNotStoredAsWritten,
        "Partition value that the key's column does not store as written",
        "Partition '{0}' of {5}: the column of {5}.{1} ({2}) does not store {3} as written: {4}");

    public static readonly DiagnosticDescriptor EnumColumnTypeNotInteger = Error(
        RuleIds.EnumColumnTypeNotInteger,
        "Enum column type that is not an integer type",
        "'{0}' cannot store the enum property {2}.{1}: Pgx writes and reads an enum as its number; use smallint, integer or bigint (or leave the type out), or map the name with a string property of your own");

    public static readonly DiagnosticDescriptor InvalidColumnDefault = Error(
        RuleIds.InvalidColumnDefault,
        "Invalid column default",
        "The default of {2}.{1} ('{0}') is not one SQL expression: write a value or an expression such as 0, 'pending' or now(), without a semicolon, a comment or unbalanced parentheses, or leave DefaultSql out");

    public static readonly DiagnosticDescriptor DuplicateForeignServer = Error(
        RuleIds.DuplicateForeignServer,
        "Foreign server declared twice",
        "The foreign server '{0}' is declared more than once; keep one [assembly: ForeignServer(\"{0}\")]");

    public static readonly DiagnosticDescriptor InvalidForeignServerSetting = Error(
        RuleIds.InvalidForeignServerSetting,
        "Invalid foreign server setting",
        "{0} = {1} is not valid for a foreign server; use {2}");

    public static readonly DiagnosticDescriptor ImportLimitToAndExcept = Error(
        RuleIds.ImportLimitToAndExcept,
        "Import with both LimitTo and Except",
        "[ImportForeignSchema] of '{0}' sets both LimitTo and Except, but IMPORT FOREIGN SCHEMA takes one of them; keep LimitTo (the tables to import) or Except (the tables to leave out)");

    public static readonly DiagnosticDescriptor UniqueIndexWithForeignPartitions = Error(
        RuleIds.UniqueIndexWithForeignPartitions,
        "Unique index on a table with partitions on other servers",
        "The unique index on ({0}) of {1} cannot be created: partition '{2}' lives on the server '{3}', and PostgreSQL refuses a unique index on a partitioned table with a foreign partition (nothing could enforce it across servers); make the index non-unique, or keep every partition local");

    public static readonly DiagnosticDescriptor MisplacedPartitionServer = Error(
        RuleIds.MisplacedPartitionServer,
        "Partition server that PostgreSQL cannot use",
        "{0} on {1}: {2}");

    public static readonly DiagnosticDescriptor ReturningFromTriggerRoutedTable = new(
        RuleIds.ReturningFromTriggerRoutedTable,
        "INSERT … RETURNING into a trigger-routed table returns no row",
        "INSERT … RETURNING into {0} returns no row: {0} is trigger-routed ({1}) and its BEFORE INSERT trigger returns NULL; take the key from nextval() first and insert it with the row, or insert through the generated repository",
        SqlCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A routing trigger puts the row into a partition and returns NULL, so the parent reports INSERT 0 0 and RETURNING yields nothing.",
        helpLinkUri: HelpLinkBase + RuleIds.ReturningFromTriggerRoutedTable + ".md");

    public static readonly DiagnosticDescriptor CurrvalLookupOnPartitionedTable = new(
        RuleIds.CurrvalLookupOnPartitionedTable,
        "currval() compared in a WHERE on a partitioned table scans every partition",
        "currval() compared in a condition on the partitioned table {0} ({1}) cannot use an index, so every partition is scanned: currval is volatile; take the key from nextval() before the insert and compare with that value as a parameter",
        PerformanceCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A volatile function is evaluated per row: the planner can neither use an index on the key nor prune partitions.",
        helpLinkUri: HelpLinkBase + RuleIds.CurrvalLookupOnPartitionedTable + ".md");

    public static readonly DiagnosticDescriptor OnConflictOnTriggerRoutedTable = new(
        RuleIds.OnConflictOnTriggerRoutedTable,
        "INSERT … ON CONFLICT into a trigger-routed parent never applies",
        "INSERT … ON CONFLICT into {0} never applies: {0} is trigger-routed ({1}), the row goes to a partition through the trigger and the conflict target is only checked on the parent, which stays empty; upsert into the partition itself, or check for the row first",
        SqlCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Inheritance children do not share the parent's unique indexes; the routing trigger's INSERT into the child raises the unique violation that ON CONFLICT was meant to catch (or inserts a duplicate key).",
        helpLinkUri: HelpLinkBase + RuleIds.OnConflictOnTriggerRoutedTable + ".md");

    public static readonly DiagnosticDescriptor OnConflictIntoForeignPartitions = new(
        RuleIds.OnConflictIntoForeignPartitions,
        "INSERT … ON CONFLICT into a table with partitions on other servers fails",
        "INSERT … ON CONFLICT into {0} fails: its partition {1} lives on the server {2}, so the table can have no unique index for a conflict target, and postgres_fdw sends no ON CONFLICT other than a bare DO NOTHING to the shard; check for the row first, or upsert on the shard's own table through its connection",
        SqlCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "PostgreSQL refuses a unique index on a partitioned table with a foreign partition, so ON CONFLICT (…) finds no index to infer (42P10), and postgres_fdw rejects ON CONFLICT DO UPDATE into a foreign table. Only ON CONFLICT DO NOTHING without a target reaches the shard, whose own key then decides.",
        helpLinkUri: HelpLinkBase + RuleIds.OnConflictIntoForeignPartitions + ".md");

    public static readonly DiagnosticDescriptor PartitionKeyUpdateOnTriggerRoutedTable = new(
        RuleIds.PartitionKeyUpdateOnTriggerRoutedTable,
        "UPDATE of the partition key of a trigger-routed table fails",
        "This UPDATE sets {1}, the partition key of {0} ({2}): the routing trigger runs on INSERT only, so the row stays in its child table and the child's CHECK rejects a value that belongs to another child (23514); move the row with the repository's MoveAsync, or delete it from the old child and insert it into the new one in one transaction",
        SqlCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Inheritance children each hold the rows their CHECK constraint allows; nothing moves a row between them when an UPDATE changes the value the routing trigger chose the child by.",
        helpLinkUri: HelpLinkBase + RuleIds.PartitionKeyUpdateOnTriggerRoutedTable + ".md");

    public static readonly DiagnosticDescriptor EfCoreDbSetOfTriggerRoutedTable = new(
        RuleIds.EfCoreDbSetOfTriggerRoutedTable,
        "EF Core DbSet of a trigger-routed table fails on SaveChanges",
        "{0} maps the trigger-routed table {1} ({2}): EF Core inserts with RETURNING, gets no row back, and SaveChanges fails with 'expected to affect 1 row(s), but actually affected 0'; insert with {3} and keep EF Core for queries",
        SqlCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "EF Core's PostgreSQL provider reads generated keys with INSERT … RETURNING, which a routing trigger makes return nothing.",
        helpLinkUri: HelpLinkBase + RuleIds.EfCoreDbSetOfTriggerRoutedTable + ".md");

    public static readonly DiagnosticDescriptor WriteToReadOnlyForeignTable = new(
        RuleIds.WriteToReadOnlyForeignTable,
        "Write to a read-only foreign table",
        "{0} writes to {1}, a read-only foreign table ({2}): postgres_fdw would carry the write to the remote database, which this link is declared not to change; write in the remote database itself, or declare the table ReadOnly = false if this database may change it",
        SqlCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A foreign table declared read-only (the default for [ForeignTable] and [assembly: ForeignTableOnServer]) is only read through postgres_fdw; a write either fails at run time with the remote role's permission error or, if the role may write, changes the remote database behind its owner's back.",
        helpLinkUri: HelpLinkBase + RuleIds.WriteToReadOnlyForeignTable + ".md");

    public static readonly DiagnosticDescriptor JoinAcrossForeignServers = new(
        RuleIds.JoinAcrossForeignServers,
        "Join of foreign tables on different servers is not pushed down",
        "{0} (server {1}) is joined with {2} (server {3}): postgres_fdw pushes a join down only when both tables are on one server, so each table is fetched on its own and the rows are joined locally; pass one side's keys to the other in a subquery (… = ANY (ARRAY(SELECT …))), or read one side from a local materialized view",
        PerformanceCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "postgres_fdw sends a join to the remote server only when every table in it is on that same server; a join across servers fetches each side (filtered only by its own conditions) and joins the rows in the local database.",
        helpLinkUri: HelpLinkBase + RuleIds.JoinAcrossForeignServers + ".md");

    public static readonly DiagnosticDescriptor InternalError = new(
        RuleIds.InternalError,
        "Pgx internal error",
        "Pgx could not analyze this code because of an internal error; please report it: {0}",
        ModelCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Pgx reports its own failures as this warning instead of crashing the compiler.",
        helpLinkUri: HelpLinkBase + RuleIds.InternalError + ".md");

    public static readonly DiagnosticDescriptor InvalidRollingInterval = Error(
        RuleIds.InvalidRollingInterval,
        "Rolling partition interval is not valid",
        "[RollingPartitions] on {0}: {1} \"{2}\" is not valid for the {3} key {4}; {5}");

    public static readonly DiagnosticDescriptor RollingStartNotAligned = Error(
        RuleIds.RollingStartNotAligned,
        "Rolling partitions' Start is not where a partition begins",
        "[RollingPartitions] on {0}: Start = \"{1}\" is not the lower bound of a {2} partition (partitions are counted from {3}); write Start = \"{4}\"");

    public static readonly DiagnosticDescriptor RetainShorterThanInterval = Error(
        RuleIds.RetainShorterThanInterval,
        "Rolling partitions' retention is shorter than one partition",
        "[RollingPartitions] on {0}: Retain = \"{1}\" is shorter than one partition (\"{2}\"), so maintenance would retire partitions that still take new rows; keep at least \"{2}\"");

    public static readonly DiagnosticDescriptor UnsupportedRollingKey = Error(
        RuleIds.UnsupportedRollingKey,
        "Rolling partitions need a RANGE key of a time or integer type",
        "[RollingPartitions] on {0} needs [PartitionBy(nameof(<Property>), PartitionKind.Range)] on a DateTimeOffset, DateTime, DateOnly, short, int or long property; {1}");

    public static readonly DiagnosticDescriptor RangePartitionOverlapsRolling = Error(
        RuleIds.RangePartitionOverlapsRolling,
        "Fixed range partition overlaps the rolling partitions",
        "Range partition '{0}' [{1}, {2}) of {3} overlaps its rolling partitions, which {4}; end '{0}' at or before the rolling partitions' Start, or remove it");

    public static readonly DiagnosticDescriptor InvalidRollingSetting = Error(
        RuleIds.InvalidRollingSetting,
        "Invalid rolling partition setting",
        "[RollingPartitions] on {0}: {1}");

    public static readonly DiagnosticDescriptor UnsupportedByPgPartman = Error(
        RuleIds.UnsupportedByPgPartman,
        "Rolling partitions pg_partman cannot maintain",
        "[RollingPartitions(Maintainer = PartitionMaintainer.PgPartman)] on {0}: {1}");

    public static readonly DiagnosticDescriptor InvalidMaintenanceSchedule = Error(
        RuleIds.InvalidMaintenanceSchedule,
        "Invalid maintenance schedule",
        "[RollingPartitions] on {0}: Schedule = \"{1}\" is not a pg_cron schedule: {2}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, ModelCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message, string? description = null) =>
        new(id, title, message, ModelCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");
}
