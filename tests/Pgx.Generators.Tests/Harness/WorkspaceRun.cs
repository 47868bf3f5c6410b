using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
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

    /// <summary>The solution as it is now.</summary>
    public Solution Solution { get; private set; }

    /// <summary>The source documents, in the order given.</summary>
    public ImmutableArray<DocumentId> Documents { get; }

    /// <summary>A project of <paramref name="sources"/> (Test0.cs, Test1.cs …) in /src, with <paramref name="editorConfig"/> beside them.</summary>
    public static WorkspaceRun Create(IEnumerable<string> sources, string? editorConfig = null)
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
            compilationOptions: TestCompilation.Options,
            parseOptions: TestCompilation.ParseOptions(),
            metadataReferences: TestCompilation.References));
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
        var compilation = (await project.GetCompilationAsync())!;
        return await AnalyzerRun.DiagnosticsAsync(compilation, project.AnalyzerOptions);
    }

    /// <summary>The compiler errors of the project as it is now.</summary>
    public async Task<IReadOnlyList<Diagnostic>> CompilerErrorsAsync()
    {
        var compilation = (await Solution.Projects.Single().GetCompilationAsync())!;
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

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
