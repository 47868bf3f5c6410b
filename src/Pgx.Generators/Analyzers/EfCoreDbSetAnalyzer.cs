using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// PGX0105: an EF Core <c>DbSet&lt;T&gt;</c> property (or <c>Set&lt;T&gt;()</c> call) on a <c>DbContext</c> whose
/// entity is a trigger-routed table. EF Core's PostgreSQL provider reads generated values with
/// <c>INSERT … RETURNING</c>, gets no row, and SaveChanges throws a concurrency exception.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EfCoreDbSetAnalyzer : DiagnosticAnalyzer
{
    private readonly Func<INamedTypeSymbol, string, Compilation, CancellationToken, (KnownPartitionedTable Table, string Insert)?> _find;

    /// <summary>The analyzer, finding entities' tables the way EF Core maps them.</summary>
    public EfCoreDbSetAnalyzer()
        : this(Find)
    {
    }

    /// <summary>The analyzer with another entity lookup (tests pass one that throws, to see it become PGX0999).</summary>
    internal EfCoreDbSetAnalyzer(Func<INamedTypeSymbol, string, Compilation, CancellationToken, (KnownPartitionedTable Table, string Insert)?> find) => _find = find;

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
            if (compilation.GetTypeByMetadataName(RelationalEntityTypeBuilderExtensions) is { } toTableExtensions)
            {
                start.RegisterOperationAction(c => Guard(c.ReportDiagnostic, c.Operation.Syntax.GetLocation(), () => AnalyzeToTable(c, toTableExtensions)), OperationKind.Invocation);
            }
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
            report(InternalError.At(location, ex));
        }
    }

    private void AnalyzeProperty(SymbolAnalysisContext context, INamedTypeSymbol dbSet, INamedTypeSymbol dbContext)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (property.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } type
            || !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, dbSet)
            || !TypeHierarchy.DerivesFrom(property.ContainingType, dbContext)
            || type.TypeArguments[0] is not INamedTypeSymbol entity)
        {
            return;
        }

        if (_find(entity, property.Name, context.Compilation, context.CancellationToken) is { } found)
        {
            var syntax = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken);
            var location = syntax is PropertyDeclarationSyntax declaration ? declaration.Type.GetLocation() : property.Locations.FirstOrDefault();
            Report(context.ReportDiagnostic, location, "DbSet<" + entity.Name + "> " + property.Name, found);
        }
    }

    private void AnalyzeSetCall(OperationAnalysisContext context, INamedTypeSymbol dbSet, INamedTypeSymbol dbContext)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "Set" || method.TypeArguments.Length != 1 || method.TypeArguments[0] is not INamedTypeSymbol entity
            || !TypeHierarchy.DerivesFrom(method.ContainingType, dbContext)
            || !SymbolEqualityComparer.Default.Equals((method.ReturnType as INamedTypeSymbol)?.OriginalDefinition, dbSet))
        {
            return;
        }

        if (_find(entity, entity.Name, context.Compilation, context.CancellationToken) is { } found)
        {
            Report(context.ReportDiagnostic, invocation.Syntax.GetLocation(), "Set<" + entity.Name + ">()", found);
        }
    }

    /// <summary>
    /// <c>modelBuilder.Entity&lt;Invoice&gt;().ToTable("invoices", "billing")</c>: the fluent mapping of an entity that
    /// is not a Pgx record (a Pgx record is reported at its <c>DbSet</c>) to a trigger-routed table.
    /// </summary>
    private static void AnalyzeToTable(OperationAnalysisContext context, INamedTypeSymbol extensions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "ToTable" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, extensions)
            || Argument(invocation, "name") is not { } name)
        {
            return;
        }

        var entity = method.IsGenericMethod ? method.TypeArguments[0] as INamedTypeSymbol
            : (invocation.Arguments.FirstOrDefault()?.Value.Type as INamedTypeSymbol)?.TypeArguments.FirstOrDefault() as INamedTypeSymbol;
        if (entity is not null && ModelParser.IsTableModel(entity))
        {
            return;
        }

        var known = KnownTables.Of(context.Compilation, context.CancellationToken).Find(new SqlName(Argument(invocation, "schema"), name));
        if (known is { IsTriggerRouted: true })
        {
            Report(context.ReportDiagnostic, invocation.Syntax.GetLocation(), "ToTable(…) of " + (entity?.Name ?? "an entity"), (known, InsertByHand));
        }
    }

    /// <summary>The constant string passed for the parameter named <paramref name="parameter"/>, if any.</summary>
    private static string? Argument(IInvocationOperation invocation, string parameter) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter)?.Value.ConstantValue is { HasValue: true, Value: string value } ? value : null;

    private const string RelationalEntityTypeBuilderExtensions = "Microsoft.EntityFrameworkCore.RelationalEntityTypeBuilderExtensions";

    private static void Report(Action<Diagnostic> report, Location? location, string what, (KnownPartitionedTable Table, string Insert) found) =>
        report(Diagnostic.Create(Descriptors.EfCoreDbSetOfTriggerRoutedTable, location, what, found.Table.Qualified, found.Table.Origin, found.Insert));

    /// <summary>What to insert with instead: the record's generated repository when it has one (PGX0024 says when not).</summary>
    private const string InsertByHand = "an INSERT into the child table that takes the key from nextval() first";

    /// <summary>
    /// The trigger-routed table <paramref name="entity"/> maps to: a Pgx record says so itself (from source or
    /// metadata); otherwise the table EF Core would use ([Table], [PgTable], or the DbSet name, which the
    /// PostgreSQL provider quotes exactly) is looked up among the known tables. With it, what to insert with.
    /// </summary>
    private static (KnownPartitionedTable Table, string Insert)? Find(INamedTypeSymbol entity, string defaultName, Compilation compilation, CancellationToken cancellationToken)
    {
        var attributes = entity.GetAttributes();
        var partitionBy = attributes.FirstOrDefault(a => a.Is(KnownAttributes.PartitionBy));
        if (partitionBy is not null && ModelParser.IsTableModel(entity))
        {
            if ((PartitionRouting)partitionBy.NamedInt(nameof(PartitionByAttribute.Routing), 0) != PartitionRouting.Trigger)
            {
                return null;
            }

            var (schema, name) = ModelParser.TableName(entity);
            var repository = Repository(entity, compilation, cancellationToken);
            return (new KnownPartitionedTable(schema, name, IsTriggerRouted: true, "record " + entity.ToDisplayString(), null),
                repository is null ? InsertByHand : repository + ".InsertAsync");
        }

        var named = attributes.FirstOrDefault(a => a.Is(KnownAttributes.PgTable) || a.Is(KnownAttributes.Table));
        var tableSchema = named is null ? null : named.NamedString(named.Is(KnownAttributes.PgTable) ? nameof(PgTableAttribute.Schema) : KnownAttributes.TableSchema);
        var table = new SqlName(tableSchema, named?.StringArg(0) ?? defaultName);
        var known = KnownTables.Of(compilation, cancellationToken).Find(table);
        return known is { IsTriggerRouted: true } ? (known, InsertByHand) : null;
    }

    /// <summary>
    /// The name of the repository generated for <paramref name="entity"/>, or <see langword="null"/> when it gets
    /// none: decided like the generator for a record in this compilation (the model must parse and
    /// <see cref="TableSpec.GetsRepository"/> accept it), looked up for a record from a referenced assembly.
    /// </summary>
    private static string? Repository(INamedTypeSymbol entity, Compilation compilation, CancellationToken cancellationToken)
    {
        var name = entity.Name + "Repository";
        if (entity.Locations.Any(l => l.IsInSource))
        {
            return ModelParser.SpecOf(entity, cancellationToken) is { } spec && spec.GetsRepository ? name : null;
        }

        var ns = entity.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        return compilation.GetTypeByMetadataName(ns + name) is not null ? name : null;
    }
}
