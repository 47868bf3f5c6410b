using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Parsing;
using Pgx.Generators.Parsing.Sql;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// PGX0105: an EF Core <c>DbSet&lt;T&gt;</c> property (or <c>Set&lt;T&gt;()</c> call) on a <c>DbContext</c> whose
/// entity is a trigger-routed table. EF Core's PostgreSQL provider reads generated values with
/// <c>INSERT … RETURNING</c>, gets no row, and SaveChanges throws a concurrency exception.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EfCoreDbSetAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.EfCoreDbSetOfTriggerRoutedTable,
        Descriptors.InternalError);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var dbSet = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
            var dbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
            if (dbSet is null || dbContext is null || compilation.GetTypeByMetadataName(KnownAttributes.TriggerRoutedTable) is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => Guard(c.ReportDiagnostic, c.Symbol.Locations.FirstOrDefault(), () => AnalyzeProperty(c, dbSet, dbContext)), SymbolKind.Property);
            start.RegisterOperationAction(c => Guard(c.ReportDiagnostic, c.Operation.Syntax.GetLocation(), () => AnalyzeSetCall(c, dbSet, dbContext)), OperationKind.Invocation);
        });
    }

    private static void Guard(Action<Diagnostic> report, Location? location, Action analyze)
    {
        try
        {
            analyze();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            report(Diagnostic.Create(Descriptors.InternalError, location, ex.GetType().Name + ": " + ex.Message));
        }
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context, INamedTypeSymbol dbSet, INamedTypeSymbol dbContext)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (property.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } type
            || !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, dbSet)
            || !DerivesFrom(property.ContainingType, dbContext)
            || type.TypeArguments[0] is not INamedTypeSymbol entity)
        {
            return;
        }

        FailureInjection.Check(property.Name);
        if (Find(entity, property.Name, context.Compilation, context.CancellationToken) is { } table)
        {
            var syntax = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken);
            var location = syntax is PropertyDeclarationSyntax declaration ? declaration.Type.GetLocation() : property.Locations.FirstOrDefault();
            Report(context.ReportDiagnostic, location, "DbSet<" + entity.Name + "> " + property.Name, entity, table);
        }
    }

    private static void AnalyzeSetCall(OperationAnalysisContext context, INamedTypeSymbol dbSet, INamedTypeSymbol dbContext)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "Set" || method.TypeArguments.Length != 1 || method.TypeArguments[0] is not INamedTypeSymbol entity
            || !DerivesFrom(method.ContainingType, dbContext)
            || !SymbolEqualityComparer.Default.Equals((method.ReturnType as INamedTypeSymbol)?.OriginalDefinition, dbSet))
        {
            return;
        }

        if (Find(entity, entity.Name, context.Compilation, context.CancellationToken) is { } table)
        {
            Report(context.ReportDiagnostic, invocation.Syntax.GetLocation(), "Set<" + entity.Name + ">()", entity, table);
        }
    }

    private static void Report(Action<Diagnostic> report, Location? location, string what, INamedTypeSymbol entity, PartitionedTable table) =>
        report(Diagnostic.Create(Descriptors.EfCoreDbSetOfTriggerRoutedTable, location, what, table.Qualified, table.Origin, entity.Name));

    /// <summary>
    /// The trigger-routed table <paramref name="entity"/> maps to: a Pgx record says so itself (from source or
    /// metadata); otherwise the table EF Core would use ([Table], [PgTable], or the DbSet name, which the
    /// PostgreSQL provider quotes exactly) is looked up among the known tables.
    /// </summary>
    private static PartitionedTable? Find(INamedTypeSymbol entity, string defaultName, Compilation compilation, CancellationToken cancellationToken)
    {
        var attributes = entity.GetAttributes();
        var partitionBy = attributes.FirstOrDefault(a => a.Is(KnownAttributes.PartitionBy));
        if (partitionBy is not null && ModelParser.IsTableModel(entity))
        {
            if (partitionBy.NamedInt("Routing", 0) != 1)
            {
                return null;
            }

            var (schema, name) = ModelParser.TableName(entity);
            return new PartitionedTable(schema, name, IsTriggerRouted: true, "record " + entity.ToDisplayString(), null);
        }

        var named = attributes.FirstOrDefault(a => a.Is(KnownAttributes.PgTable) || a.Is(KnownAttributes.Table));
        var table = new SqlName(named?.NamedString("Schema"), named?.StringArg(0) ?? defaultName);
        var known = KnownTables.Of(compilation, cancellationToken).Find(table);
        return known is { IsTriggerRouted: true } ? known : null;
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol expected)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, expected))
            {
                return true;
            }
        }

        return false;
    }
}
