using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>
/// Finds the SQL a compilation sends to PostgreSQL, for every SQL rule: Dapper's <c>SqlMapper</c> methods
/// (Execute*, Query*, sync and async) and <c>CommandDefinition</c>, <c>new NpgsqlCommand(sql, …)</c>,
/// <c>new NpgsqlBatchCommand(sql)</c>, <c>NpgsqlDataSource.CreateCommand(sql)</c>, <c>CommandText = sql</c> on any
/// ADO.NET command (object initializers too), Npgsql's COPY API (<c>NpgsqlConnection.BeginBinaryImport</c>,
/// <c>BeginTextImport</c>, <c>BeginRawBinaryCopy</c>, <c>BeginBinaryExport</c>, <c>BeginTextExport</c>, sync and async),
/// and EF Core's <c>FromSqlRaw</c>, <c>ExecuteSqlRaw(Async)</c> and <c>SqlQueryRaw</c>.
/// </summary>
internal sealed class SqlCallSites
{
    private readonly INamedTypeSymbol? _sqlMapper;
    private readonly INamedTypeSymbol? _commandDefinition;
    private readonly INamedTypeSymbol? _npgsqlCommand;
    private readonly INamedTypeSymbol? _npgsqlBatchCommand;
    private readonly INamedTypeSymbol? _npgsqlDataSource;
    private readonly INamedTypeSymbol? _npgsqlConnection;
    private readonly INamedTypeSymbol? _dbCommand;
    private readonly INamedTypeSymbol? _dbBatchCommand;
    private readonly INamedTypeSymbol? _idbCommand;
    private readonly INamedTypeSymbol? _efQueryable;
    private readonly INamedTypeSymbol? _efDatabase;

    private SqlCallSites(Compilation compilation)
    {
        _sqlMapper = compilation.GetTypeByMetadataName("Dapper.SqlMapper");
        _commandDefinition = compilation.GetTypeByMetadataName("Dapper.CommandDefinition");
        _npgsqlCommand = compilation.GetTypeByMetadataName("Npgsql.NpgsqlCommand");
        _npgsqlBatchCommand = compilation.GetTypeByMetadataName("Npgsql.NpgsqlBatchCommand");
        _npgsqlDataSource = compilation.GetTypeByMetadataName("Npgsql.NpgsqlDataSource");
        _npgsqlConnection = compilation.GetTypeByMetadataName("Npgsql.NpgsqlConnection");
        _dbCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbCommand");
        _dbBatchCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbBatchCommand");
        _idbCommand = compilation.GetTypeByMetadataName("System.Data.IDbCommand");
        _efQueryable = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        _efDatabase = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
    }

    /// <summary>
    /// The SQL sources of <paramref name="compilation"/>, or null when the SQL rules have nothing to do there: no
    /// Pgx (so no table can be known to be partitioned), or none of Npgsql, Dapper and EF Core's relational API.
    /// Three metadata lookups decide it.
    /// </summary>
    public static SqlCallSites? TryCreate(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName(KnownAttributes.TriggerRoutedTable) is null)
        {
            return null;
        }

        var sites = new SqlCallSites(compilation);
        return sites._npgsqlCommand is null && sites._sqlMapper is null && sites._efQueryable is null ? null : sites;
    }

    /// <summary>The operations that can send SQL: the ones <see cref="FindSqlExpression"/> reads.</summary>
    public static ImmutableArray<OperationKind> OperationKinds { get; } =
        ImmutableArray.Create(OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);

    /// <summary>The string expression a call sends as SQL, or null when the operation sends none.</summary>
    public IOperation? FindSqlExpression(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                var type = method.ContainingType?.OriginalDefinition;
                if (type is null)
                {
                    return null;
                }

                if (Is(type, _sqlMapper) && (method.Name.StartsWith("Query", StringComparison.Ordinal) || method.Name.StartsWith("Execute", StringComparison.Ordinal)))
                {
                    return Argument(invocation.Arguments, "sql");
                }

                if (Is(type, _efQueryable) && method.Name == "FromSqlRaw"
                    || Is(type, _efDatabase) && method.Name is "ExecuteSqlRaw" or "ExecuteSqlRawAsync" or "SqlQueryRaw")
                {
                    return Argument(invocation.Arguments, "sql");
                }

                if (method.Name == "CreateCommand" && TypeHierarchy.DerivesFrom(type, _npgsqlDataSource))
                {
                    return Argument(invocation.Arguments, "commandText");
                }

                if (method.Name.StartsWith("Begin", StringComparison.Ordinal) && TypeHierarchy.DerivesFrom(type, _npgsqlConnection))
                {
                    // BeginBinaryImport(copyFromCommand), BeginTextExport(copyToCommand), BeginRawBinaryCopy(copyCommand), …
                    return Argument(invocation.Arguments, "copyFromCommand")
                        ?? Argument(invocation.Arguments, "copyToCommand")
                        ?? Argument(invocation.Arguments, "copyCommand");
                }

                return null;

            case IObjectCreationOperation creation when creation.Type is INamedTypeSymbol created:
                if (TypeHierarchy.DerivesFrom(created, _npgsqlCommand))
                {
                    return Argument(creation.Arguments, "cmdText");
                }

                if (TypeHierarchy.DerivesFrom(created, _npgsqlBatchCommand) || Is(created, _commandDefinition))
                {
                    return Argument(creation.Arguments, "commandText");
                }

                return null;

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "CommandText" } property } } assignment
                when IsCommand(property.ContainingType):
                return assignment.Value;

            default:
                return null;
        }
    }

    private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } p && p.Name == parameter && p.Type.SpecialType == SpecialType.System_String
                && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private bool IsCommand(INamedTypeSymbol type)
    {
        if (TypeHierarchy.DerivesFrom(type, _dbCommand) || TypeHierarchy.DerivesFrom(type, _dbBatchCommand) || Is(type, _idbCommand))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented, _idbCommand))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
