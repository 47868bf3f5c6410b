using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// A real <see cref="AdhocWorkspace"/> project, the way an IDE holds one: documents, an optional .editorconfig,
/// the test references. Runs Pgx's analyzers with the project's options and applies code fixes.
/// </summary>
internal sealed class WorkspaceRun : System.IDisposable
{
    private readonly AdhocWorkspace _workspace;

    private WorkspaceRun(AdhocWorkspace workspace, Solution solution, ImmutableArray<DocumentId> documents)
    {
        _workspace = workspace;
        Solution = solution;
        Documents = documents;
    }

    // What the .NET SDK sets for every project (<NoWarn>1701;1702</NoWarn>): Dapper's netstandard references unify with the runtime's.
    private static readonly Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions SdkOptions = TestCompilation.Options.WithSpecificDiagnosticOptions(
        new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    /// <summary>The solution as it is now.</summary>
    public Solution Solution { get; private set; }

    /// <summary>The source documents, in the order given.</summary>
    public ImmutableArray<DocumentId> Documents { get; }

    /// <summary>
    /// A project of <paramref name="sources"/> (Test0.cs, Test1.cs …) in /src, with <paramref name="editorConfig"/> beside them;
    /// with <paramref name="generator"/>, the Pgx generator runs on it as it does in a real project.
    /// </summary>
    public static WorkspaceRun Create(IEnumerable<string> sources, string? editorConfig = null, bool generator = false)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Consumer",
            "Consumer",
            LanguageNames.CSharp,
            filePath: "/src/Consumer.csproj",
            compilationOptions: SdkOptions,
            parseOptions: TestCompilation.ParseOptions(),
            metadataReferences: TestCompilation.References,
            analyzerReferences: generator ? new AnalyzerReference[] { new GeneratorReference() } : null));
        var documents = ImmutableArray.CreateBuilder<DocumentId>();
        foreach (var (source, i) in sources.Select((s, i) => (s, i)))
        {
            var id = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(id, $"Test{i}.cs", SourceText.From(source), filePath: $"/src/Test{i}.cs");
            documents.Add(id);
        }

        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/src/.editorconfig");
        }

        return new WorkspaceRun(workspace, solution, documents.ToImmutable());
    }

    /// <summary>Pgx diagnostics of the project, with its .editorconfig applied as the compiler applies it.</summary>
    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync()
    {
        var project = Solution.Projects.Single();
        return await AnalyzerRun.DiagnosticsAsync(await CompilationAsync(), project.AnalyzerOptions);
    }

    /// <summary>The compiler errors of the project as it is now.</summary>
    public async Task<IReadOnlyList<Diagnostic>> CompilerErrorsAsync()
    {
        var compilation = await CompilationAsync();
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    /// <summary>
    /// The compiler's warnings and errors of the project as it is now, generated code included (CS1591 counted
    /// only in generated files, as <see cref="GeneratorRun.CompilationDiagnostics"/> counts it).
    /// </summary>
    public async Task<IReadOnlyList<Diagnostic>> CompilerWarningsAndErrorsAsync()
    {
        var compilation = await CompilationAsync();
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => d.Id != "CS1591" || d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true)
            .ToList();
    }

    /// <summary>The project's compilation as it is now (with the generated sources, when the generator runs).</summary>
    public async Task<Compilation> CompilationAsync() => (await Solution.Projects.Single().GetCompilationAsync())!;

    /// <summary>The hint names of the sources the generator added to the project as it is now.</summary>
    public async Task<IReadOnlyList<string>> GeneratedHintNamesAsync() =>
        (await Solution.Projects.Single().GetSourceGeneratedDocumentsAsync()).Select(d => d.HintName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();

    /// <summary>The titles of the fixes <paramref name="provider"/> offers for the first <paramref name="id"/> diagnostic.</summary>
    public async Task<IReadOnlyList<CodeAction>> FixesAsync(CodeFixProvider provider, string id, int occurrence = 0)
    {
        var diagnostic = (await DiagnosticsAsync()).Where(d => d.Id == id).ElementAt(occurrence);
        var document = Solution.GetDocument(diagnostic.Location.SourceTree!)!;
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    /// <summary>Applies the fix with <paramref name="equivalenceKey"/> to the <paramref name="occurrence"/>-th <paramref name="id"/> diagnostic.</summary>
    public async Task ApplyAsync(CodeFixProvider provider, string id, string equivalenceKey, int occurrence = 0)
    {
        var actions = await FixesAsync(provider, id, occurrence);
        var action = actions.SingleOrDefault(a => a.EquivalenceKey == equivalenceKey)
            ?? throw new Xunit.Sdk.XunitException($"No fix '{equivalenceKey}' offered; offered: {string.Join(", ", actions.Select(a => a.EquivalenceKey))}");
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>The text of a source document now.</summary>
    public async Task<string> TextAsync(int document = 0) => (await Solution.GetDocument(Documents[document])!.GetTextAsync()).ToString();

    /// <inheritdoc/>
    public void Dispose() => _workspace.Dispose();
}
