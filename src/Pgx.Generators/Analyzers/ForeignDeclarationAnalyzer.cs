using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// Reports mistakes in <c>[assembly: ForeignServer]</c> and <c>[assembly: ImportForeignSchema]</c> with the
/// parser the generator uses, so what is flagged is exactly what the generator leaves out. Runs per document
/// (a semantic-model action), so the IDE shows the problems while typing; each problem is reported in the file
/// that holds it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.DuplicateForeignServer,
        Descriptors.InvalidForeignServerSetting,
        Descriptors.ImportLimitToAndExcept,
        Descriptors.UnknownForeignServer,
        Descriptors.IdentifierTooLong,
        Descriptors.EmptyIdentifier,
        Descriptors.InternalError);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownAttributes.ForeignServer) is null)
            {
                return;
            }

            start.RegisterSemanticModelAction(AnalyzeDocument);
        });
    }

    /// <summary>The assembly's foreign declarations are parsed once per compilation, not once per document.</summary>
    private static readonly PerCompilation<ImmutableArray<ModelProblem>> Problems =
        new((compilation, cancellationToken) => ForeignParser.Analyze(compilation.Assembly, cancellationToken));

    private static void AnalyzeDocument(SemanticModelAnalysisContext context)
    {
        var tree = context.SemanticModel.SyntaxTree;

        // Only files that declare assembly attributes can hold a [ForeignServer] or [ImportForeignSchema].
        if (!tree.GetCompilationUnitRoot(context.CancellationToken).AttributeLists.Any(list => list.Target?.Identifier.IsKind(SyntaxKind.AssemblyKeyword) == true))
        {
            return;
        }

        try
        {
            foreach (var problem in Problems.Get(context.SemanticModel.Compilation, context.CancellationToken))
            {
                if (problem.Location?.SourceTree == tree)
                {
                    context.ReportDiagnostic(problem.ToDiagnostic());
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.ReportDiagnostic(InternalError.At(Location.Create(tree, default), ex));
        }
    }
}
