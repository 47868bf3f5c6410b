using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Analyzers.Sql.Rules;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// The SQL rules (PGX0101–PGX0104, PGX0106, PGX0107), wherever SQL reaches PostgreSQL. For each call that sends SQL
/// (<see cref="SqlCallSites"/>) it evaluates the SQL (<see cref="SqlValue"/>) and parses it (<see cref="SqlDocument"/>)
/// once, and hands the result to every <see cref="SqlRule"/> that can fire on it. Anything that throws on the way,
/// a rule included, is PGX0999 at the call, never a crashed analyzer (AD0001). In a compilation without Pgx or
/// without a data-access library it registers nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<SqlRule> _rules;

    /// <summary>The analyzer with every rule Pgx ships.</summary>
    public SqlAnalyzer()
        : this(Rules)
    {
    }

    /// <summary>The analyzer with <paramref name="rules"/> (tests add one that throws, to see it become PGX0999).</summary>
    internal SqlAnalyzer(ImmutableArray<SqlRule> rules)
    {
        _rules = rules;
        SupportedDiagnostics = rules.Select(r => r.Descriptor).Concat(new[] { Descriptors.InternalError }).Distinct().ToImmutableArray();
    }

    /// <summary>The rules Pgx ships, one per diagnostic.</summary>
    internal static ImmutableArray<SqlRule> Rules { get; } = ImmutableArray.Create<SqlRule>(
        new ReturningFromTriggerRoutedTableRule(),
        new CurrvalLookupOnPartitionedTableRule(),
        new OnConflictOnTriggerRoutedTableRule(),
        new PartitionKeyUpdateOnTriggerRoutedTableRule(),
        new OnConflictIntoForeignPartitionsRule(),
        new WriteToReadOnlyForeignTableRule(),
        new JoinAcrossForeignServersRule());

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SqlCallSites.TryCreate(start.Compilation) is { } sites)
            {
                start.RegisterOperationAction(c => Analyze(c, sites), SqlCallSites.OperationKinds);
            }
        });
    }

    private void Analyze(OperationAnalysisContext context, SqlCallSites sites)
    {
        try
        {
            if (sites.FindSqlExpression(context.Operation) is not { } expression
                || SqlValue.Evaluate(expression, context.CancellationToken) is not { } sql)
            {
                return;
            }

            var tables = KnownTables.Of(context.Compilation, context.CancellationToken);
            SqlCallSite? site = null;
            foreach (var rule in _rules)
            {
                if (rule.CanFire(sql, tables))
                {
                    site ??= new SqlCallSite(context, expression, SqlDocument.Parse(sql), tables);
                    rule.Analyze(site);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.ReportDiagnostic(InternalError.At(context.Operation.Syntax.GetLocation(), ex));
        }
    }
}
