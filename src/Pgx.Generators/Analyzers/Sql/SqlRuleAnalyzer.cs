using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>
/// A rule that reads SQL on its way to PostgreSQL: it sees every call site <see cref="SqlCallSites"/> finds in
/// hand-written code, and nothing in compilations without Pgx or without a data-access library.
/// </summary>
public abstract class SqlRuleAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => SqlCallSites.TryCreate(start.Compilation)?.Register(start, Analyze));
    }

    /// <summary>Analyzes the SQL of one call site; an exception becomes PGX0999 (list it in SupportedDiagnostics).</summary>
    internal abstract void Analyze(OperationAnalysisContext context, SqlCallSite site);
}
