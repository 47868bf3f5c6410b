using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// A real <see cref="AdhocWorkspace"/> project, the way an IDE holds one: documents, an optional .editorconfig,
/// the test references. Runs Pgx's analyzers with the project's options. (Rule and code-fix tests use
/// <see cref="PgxRuleTest"/>, which builds such a project itself.)
/// </summary>
internal sealed class WorkspaceRun : System.IDisposable
{
    private readonly AdhocWorkspace _workspace;
    private readonly Solution _solution;

    private WorkspaceRun(AdhocWorkspace workspace, Solution solution)
    {
        _workspace = workspace;
        _solution = solution;
    }

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
            compilationOptions: TestCompilation.SdkOptions,
            parseOptions: TestCompilation.ParseOptions(),
            metadataReferences: TestCompilation.References));
        foreach (var (source, i) in sources.Select((s, i) => (s, i)))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Test{i}.cs", SourceText.From(source), filePath: $"/src/Test{i}.cs");
        }

        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/src/.editorconfig");
        }

        return new WorkspaceRun(workspace, solution);
    }

    /// <summary>Pgx diagnostics of the project, with its .editorconfig applied as the compiler applies it.</summary>
    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync()
    {
        var project = _solution.Projects.Single();
        return await AnalyzerRun.DiagnosticsAsync((await project.GetCompilationAsync())!, project.AnalyzerOptions);
    }

    /// <inheritdoc/>
    public void Dispose() => _workspace.Dispose();
}
