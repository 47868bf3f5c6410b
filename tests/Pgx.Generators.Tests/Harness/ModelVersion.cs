using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// One version of a model (v1, v2 …): real C# compiled through the generator into an in-memory assembly and loaded,
/// so a test calls the generated <c>PgxSchema.ApplyAsync</c>, <c>PlanAsync</c>, <c>CheckDriftAsync</c> and repositories
/// of each version against the same database, as an application would across deployments.
/// </summary>
internal sealed class ModelVersion
{
    private readonly Assembly _assembly;
    private readonly Type _schema;

    private ModelVersion(Assembly assembly)
    {
        _assembly = assembly;
        _schema = assembly.GetType("Pgx.Generated.PgxSchema", throwOnError: true)!;
    }

    /// <summary>Compiles <paramref name="sources"/> (which must compile without warnings) into one assembly and loads it.</summary>
    public static ModelVersion Compile(params string[] sources)
    {
        var run = GeneratorRun.Of(sources);
        Assert.Empty(run.CompilationDiagnostics);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("model-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return new ModelVersion(context.LoadFromStream(image));
    }

    /// <summary>A fresh database on the shared server.</summary>
    public static async Task<NpgsqlDataSource> DatabaseAsync(string name)
    {
        var server = await PostgresServer.SharedAsync();
        return NpgsqlDataSource.Create(await server.CreateDatabaseAsync(name));
    }

    /// <summary>The generated <c>PgxSchema.Model</c>.</summary>
    public string Model => (string)_schema.GetField("Model")!.GetValue(null)!;

    /// <summary>The generated <c>PgxSchema.PlanAsync</c>.</summary>
    public Task<PgxPlan> PlanAsync(NpgsqlDataSource db, PgxApplyOptions? options = null) =>
        (Task<PgxPlan>)_schema.GetMethod("PlanAsync")!.Invoke(null, new object?[] { db, options, CancellationToken.None })!;

    /// <summary>The generated <c>PgxSchema.ApplyAsync</c> on a data source.</summary>
    public Task<PgxApplyReport> ApplyAsync(NpgsqlDataSource db, PgxApplyOptions? options = null) =>
        (Task<PgxApplyReport>)_schema.GetMethod("ApplyAsync", new[] { typeof(NpgsqlDataSource), typeof(PgxApplyOptions), typeof(CancellationToken) })!
            .Invoke(null, new object?[] { db, options, CancellationToken.None })!;

    /// <summary>The generated <c>PgxSchema.ApplyAsync</c> in the caller's transaction.</summary>
    public Task<PgxApplyReport> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PgxApplyOptions? options = null) =>
        (Task<PgxApplyReport>)_schema.GetMethod("ApplyAsync", new[] { typeof(NpgsqlConnection), typeof(NpgsqlTransaction), typeof(PgxApplyOptions), typeof(CancellationToken) })!
            .Invoke(null, new object?[] { connection, transaction, options, CancellationToken.None })!;

    /// <summary>The generated <c>PgxSchema.CheckDriftAsync</c>.</summary>
    public Task<IReadOnlyList<PgxDrift>> CheckDriftAsync(NpgsqlDataSource db) =>
        (Task<IReadOnlyList<PgxDrift>>)_schema.GetMethod("CheckDriftAsync")!.Invoke(null, new object?[] { db, CancellationToken.None })!;

    /// <summary>The generated <c>PgxSchema.MaintainAsync</c> (a model with rolling partitions).</summary>
    public Task<PgxMaintenanceReport> MaintainAsync(NpgsqlDataSource db, DateTimeOffset now) =>
        (Task<PgxMaintenanceReport>)_schema.GetMethod("MaintainAsync", new[] { typeof(NpgsqlDataSource), typeof(DateTimeOffset), typeof(CancellationToken) })!
            .Invoke(null, new object?[] { db, now, CancellationToken.None })!;

    /// <summary>A row of record <paramref name="type"/> from its primary constructor.</summary>
    public object Row(string type, params object?[] arguments) => Activator.CreateInstance(_assembly.GetType(type, throwOnError: true)!, arguments)!;

    /// <summary>The generated repository of record <paramref name="type"/> on <paramref name="db"/>.</summary>
    public object Repository(string type, NpgsqlDataSource db) => Activator.CreateInstance(_assembly.GetType(type + "Repository", throwOnError: true)!, db)!;

    /// <summary>The generated repository of record <paramref name="type"/> on <paramref name="connection"/>, outside any transaction.</summary>
    public object Repository(string type, NpgsqlConnection connection) =>
        Activator.CreateInstance(_assembly.GetType(type + "Repository", throwOnError: true)!, connection, null)!;

    /// <summary>The repository's <c>InsertAsync</c>.</summary>
    public static async Task InsertAsync(object repository, object row)
    {
        var task = (Task)repository.GetType().GetMethod("InsertAsync")!.Invoke(repository, new[] { row, CancellationToken.None })!;
        await task;
    }
}
