namespace Pgx.PackageTests.Infrastructure;

/// <summary>
/// The files of the fresh consumer project: what a user writes after `dotnet add package Pgx.Generators`.
/// </summary>
internal static class ConsumerProject
{
    /// <summary>The project name (and assembly name).</summary>
    public const string Name = "Consumer";

    /// <summary>A property that compiles Bad/Duplicate.cs in, for the diagnostics test.</summary>
    public const string IncludeBadModel = "PgxIncludeBadModel";

    public static string ProjectFile(string packageVersion) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            <!-- Generated sources on disk (obj/.../generated/), so the tests can read what the generator wrote. -->
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Pgx.Generators" Version="{packageVersion}" />
          </ItemGroup>
          <ItemGroup>
            <!-- A constant of our own, written as a script like the generated ones. -->
            <PgxSqlArtifact Include="pgx.seed.sql" Constant="Seed" />
          </ItemGroup>
          <ItemGroup Condition="'$({IncludeBadModel})' != 'true'">
            <Compile Remove="Bad/**" />
          </ItemGroup>
        </Project>
        """;

    public const string Models = """
        using Pgx;

        // The app database as a postgres_fdw server: defaults only, the address and login come at run time.
        [assembly: ForeignServer("app_db", Host = "localhost", DbName = "app", FetchSize = 500)]

        namespace Shop;

        /// <summary>A trigger-partitioned table: rows routed to t1 / t2 by a BEFORE INSERT trigger.</summary>
        [PgTable("t")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("t1", 1)]
        [ListPartition("t2", 2)]
        public sealed record T([property: PgKey] long Id, int P, string? Value);

        /// <summary>A declaratively partitioned table in its own schema.</summary>
        [PgTable("orders", Schema = "shop")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("orders_eu", "eu")]
        [ListPartition("orders_us", "us")]
        public sealed record Order([property: PgKey] long Id, string Region, decimal Total);

        /// <summary>The app's customers, read through postgres_fdw.</summary>
        [PgTable("customers", Schema = "app")]
        [ForeignTable("app_db", RemoteSchema = "public", RemoteName = "customers")]
        public sealed record Customer([property: PgKey] int Id, string Name);
        """;

    /// <summary>A user constant beside the generated ones; it uses a psql variable, and things that are not one.</summary>
    public const string Seed = """
        namespace Pgx.Generated;

        internal static partial class PgxSchema
        {
            /// <summary>Idempotent seed rows; greeting comes from psql -v greeting=….</summary>
            public const string Seed = "-- ':in_comment' is no variable\nINSERT INTO t (p, value)\nSELECT 1, :'greeting'::text\nWHERE NOT EXISTS (SELECT FROM t WHERE value = :'greeting' AND ':in_string' IS NOT NULL);\n";
        }
        """;

    /// <summary>The value 2 in two partitions: PGX0004 on the second 2, line 6, column 28.</summary>
    public const string BadModel = """
        using Pgx;
        namespace Shop;
        /// <summary>Broken on purpose.</summary>
        [PgTable("dup")]
        [PartitionBy(nameof(P), PartitionKind.List)]
        [ListPartition("dup_a", 1, 2)] [ListPartition("dup_b", 3, 2)]
        public sealed record Dup([property: PgKey] long Id, int P);
        """;

    /// <summary>
    /// `constants DIR`: writes every public const string of PgxSchema as the compiler sees it (the oracle the
    /// artifacts are compared with). `apply CONNECTION APP_CONNECTION`: ApplyAsync from the package's runtime with
    /// the app database's connection string as the foreign server's options, then the generated repositories:
    /// InsertAsync into the trigger-routed table and FindAsync through the foreign table, each printed.
    /// </summary>
    public const string Program = """
        using System.Reflection;
        using System.Text;
        using Npgsql;
        using Pgx;
        using Pgx.Generated;
        using Shop;

        switch (args[0])
        {
            case "constants":
                foreach (var field in typeof(PgxSchema).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
                {
                    File.WriteAllBytes(Path.Combine(args[1], field.Name + ".txt"), new UTF8Encoding(false).GetBytes((string)field.GetRawConstantValue()!));
                }

                return 0;

            case "apply":
                await using (var db = NpgsqlDataSource.Create(args[1]))
                {
                    var options = new PgxApplyOptions();
                    options.ForeignServers["app_db"] = ForeignServerOptions.FromConnectionString(args[2]);
                    await PgxSchema.ApplyAsync(db, options);
                    var inserted = await new TRepository(db).InsertAsync(new T(0, 1, "from the consumer"));
                    Console.WriteLine("inserted: " + inserted);
                    Console.WriteLine("customer 2: " + await new CustomerRepository(db).FindAsync(2));
                }

                return 0;

            default:
                Console.Error.WriteLine("usage: constants DIR | apply CONNECTION APP_CONNECTION");
                return 2;
        }
        """;

    /// <summary>References the consumer, not the package: it gets Pgx.dll and the build files, not the generator.</summary>
    public const string TransitiveProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="../consumer/Consumer.csproj" />
          </ItemGroup>
        </Project>
        """;

    public const string TransitiveUses = """
        namespace Transitive;

        public static class Uses
        {
            public static Shop.T Row() => new(1, 1, "x");

            public static Pgx.PartitionKind Kind => Pgx.PartitionKind.List;
        }
        """;
}
