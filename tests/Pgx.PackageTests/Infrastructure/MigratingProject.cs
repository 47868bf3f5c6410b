namespace Pgx.PackageTests.Infrastructure;

/// <summary>
/// A second consumer whose model changes between builds, the way a team's does: version 1, then a column, an index,
/// partitions and a table more. It has no foreign tables, so its ApplyAsync needs no credentials.
/// </summary>
internal static class MigratingProject
{
    public const string Name = "Migrating";

    public static string ProjectFile(string packageVersion) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Pgx.Generators" Version="{packageVersion}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>`apply CONNECTION`: PgxSchema.ApplyAsync of the compiled model.</summary>
    public const string Program = """
        using Npgsql;

        await using var db = NpgsqlDataSource.Create(args[1]);
        await Pgx.Generated.PgxSchema.ApplyAsync(db);
        Console.WriteLine("applied");
        """;

    /// <summary>Before any record: the project has no Pgx model yet.</summary>
    public const string NoProgram = """
        Console.WriteLine("no model yet");
        """;

    /// <summary>Version 1: a declarative LIST table with a default partition, and a trigger-routed one.</summary>
    public const string ModelV1 = """
        using Pgx;

        namespace Shop;

        [PgTable("events")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("events_eu", "eu")]
        [ListPartition("events_us", "us")]
        [DefaultPartition("events_other")]
        public sealed record Event([property: PgKey] long Id, string Region, int Amount);

        [PgTable("readings")]
        [PartitionBy(nameof(Sensor), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("readings_1", 1)]
        [ListPartition("readings_2", 2)]
        public sealed record Reading([property: PgKey] long Id, int Sensor, double Value);
        """;

    /// <summary>Version 2: a column, an index and a partition on each table, and a new RANGE table.</summary>
    public const string ModelV2 = """
        using Pgx;

        namespace Shop;

        [PgTable("events")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("events_eu", "eu")]
        [ListPartition("events_us", "us")]
        [ListPartition("events_asia", "asia")]
        [DefaultPartition("events_other")]
        [PgIndex(nameof(Amount))]
        public sealed record Event([property: PgKey] long Id, string Region, int Amount, string? Email);

        [PgTable("readings")]
        [PartitionBy(nameof(Sensor), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("readings_1", 1)]
        [ListPartition("readings_2", 2)]
        [ListPartition("readings_3", 3)]
        [PgIndex(nameof(Value))]
        public sealed record Reading([property: PgKey] long Id, int Sensor, double Value, string? Note);

        [PgTable("audit")]
        [PartitionBy(nameof(At), PartitionKind.Range)]
        [RangePartition("audit_2026_11", "2026-11-01", "2026-12-01")]
        [RangePartition("audit_2026_12", "2026-12-01", "2027-01-01")]
        public sealed record Audit([property: PgKey] long Id, DateTime At, string What);
        """;
}
