using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// Base of the fixes for model rules. A fix lists its <see cref="ModelEdit"/>s per diagnostic; the light bulb offers
/// each, and Fix All applies, for every diagnostic in scope, the edit with the chosen equivalence key in one
/// editor per document. Batch merging of independently fixed documents would be wrong here: two partition
/// attributes of one record both ask for the one [PartitionBy], two duplicate values of one partition may together
/// empty it. An edit with a <see cref="ModelEdit.Once"/> key is applied once per document, however many
/// diagnostics ask for it.
/// </summary>
public abstract class ModelCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => new FixAll(this);

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var editor = await DocumentEditor.CreateAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var edit in Edits(editor, diagnostic, context.CancellationToken))
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(edit.Title, ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), edit.EquivalenceKey, ct), edit.EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// What can be done about <paramref name="diagnostic"/>, most likely first. Each edit works on the original
    /// tree of <paramref name="editor"/> and records its change there; an empty list offers nothing.
    /// </summary>
    private protected abstract IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// The equivalence key of the edit choosing <paramref name="choice"/> among <paramref name="choices"/> choices:
    /// <paramref name="key"/> alone when it is the only choice (Fix All then applies it wherever the choice is
    /// obvious), else <paramref name="key"/>.<paramref name="choice"/> (Fix All applies the same choice wherever it is offered).
    /// </summary>
    private protected static string ChoiceKey(string key, string choice, int choices) => choices == 1 ? key : key + "." + choice;

    private async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var done = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var edit = Edits(editor, diagnostic, cancellationToken).FirstOrDefault(e => e.EquivalenceKey == equivalenceKey);
            if (edit is not null && (edit.Once is null || done.Add(edit.Once)))
            {
                edit.Apply(editor);
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>Fix All, one document at a time, each with all its diagnostics in one editor.</summary>
    private sealed class FixAll : DocumentBasedFixAllProvider
    {
        private readonly ModelCodeFixProvider _provider;

        public FixAll(ModelCodeFixProvider provider) => _provider = provider;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await _provider.ApplyAsync(document, diagnostics, fixAllContext.CodeActionEquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}

/// <summary>One edit a model fix offers.</summary>
/// <param name="Title">What the light bulb says.</param>
/// <param name="EquivalenceKey">Same key, same kind of edit: Fix All applies the edits with the chosen key.</param>
/// <param name="Apply">Records the change in the editor.</param>
/// <param name="Once">When set, the edit is applied once per document for all diagnostics that share this key.</param>
internal sealed record ModelEdit(string Title, string EquivalenceKey, System.Action<DocumentEditor> Apply, string? Once = null);
