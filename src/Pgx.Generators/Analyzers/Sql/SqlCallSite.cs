using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>
/// One call that sends SQL to PostgreSQL, as every <see cref="SqlRule"/> sees it: the SQL parsed once, the tables the
/// compilation knows, and where to report.
/// </summary>
internal sealed class SqlCallSite
{
    private readonly OperationAnalysisContext _context;
    private readonly IOperation _expression;
    private Location? _location;

    /// <summary>A call site whose SQL <paramref name="expression"/> holds.</summary>
    public SqlCallSite(OperationAnalysisContext context, IOperation expression, SqlDocument document, KnownTables tables)
    {
        _context = context;
        _expression = expression;
        Document = document;
        Tables = tables;
    }

    /// <summary>The SQL as far as the compiler knows it (see <see cref="SqlValue"/>), parsed.</summary>
    public SqlDocument Document { get; }

    /// <summary>The partitioned and foreign tables of the compilation.</summary>
    public KnownTables Tables { get; }

    /// <summary>The string expression that holds the SQL: every SQL rule reports here.</summary>
    public Location Location => _location ??= _expression.Syntax.GetLocation();

    /// <summary>Reports <paramref name="descriptor"/> at <see cref="Location"/>.</summary>
    public void Report(DiagnosticDescriptor descriptor, params object?[] messageArgs) =>
        Report(descriptor, null, messageArgs);

    /// <summary>Reports <paramref name="descriptor"/> at <see cref="Location"/>, with properties for a code fix.</summary>
    public void Report(DiagnosticDescriptor descriptor, ImmutableDictionary<string, string?>? properties, params object?[] messageArgs) =>
        _context.ReportDiagnostic(Diagnostic.Create(descriptor, Location, properties, messageArgs));
}
