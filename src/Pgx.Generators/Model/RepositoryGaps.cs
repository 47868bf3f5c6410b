using System.Collections.Generic;
using System.Linq;

namespace Pgx.Generators.Model;

/// <summary>What keeps a record from getting its repository, or keeps its repository from reading a column back.</summary>
internal enum RepositoryGapKind
{
    /// <summary>The record, or a type it is nested in, is private or protected: code in the namespace cannot name it.</summary>
    NotVisible,

    /// <summary>No primary constructor and no accessible parameterless one: the repository cannot build rows.</summary>
    CannotConstruct,

    /// <summary>A <c>required</c> member the repository's <c>new T { … }</c> does not set: the code would not compile (CS9035).</summary>
    RequiredMemberNotSet,

    /// <summary>The sequence-fed key cannot be set, so <c>InsertAsync</c> cannot return <c>row with { Key = … }</c>.</summary>
    KeyNotSettable,

    /// <summary>A mapped property that is neither settable nor a constructor parameter: written, never read back.</summary>
    NotReadBack,
}

/// <summary>One reason, and the member it is about (the record's own name for the record-wide reasons).</summary>
/// <param name="Kind">The reason.</param>
/// <param name="Member">The property or field it concerns, or the record's simple name.</param>
internal readonly record struct RepositoryGap(RepositoryGapKind Kind, string Member)
{
    /// <summary>Whether the record gets no repository at all (otherwise it gets one that skips <see cref="Member"/>).</summary>
    public bool PreventsRepository => Kind != RepositoryGapKind.NotReadBack;
}

/// <summary>
/// The one decision on what a record's generated repository can be: the repository emitters generate none when
/// <see cref="PreventRepository"/> says so, read back only the columns <see cref="IsReadBack"/> accepts, and the
/// model analyzer reports every gap as PGX0024. Decided from the model alone, so both sides see the same facts.
/// </summary>
internal static class RepositoryGaps
{
    /// <summary>
    /// Whether the record gets a repository at all: no gap prevents it, it maps columns, and it has a key (a foreign
    /// table need not have one: its repository reads by condition).
    /// </summary>
    public static bool GetsRepository(TableSpec table) =>
        !PreventRepository(table) && !table.Columns.IsEmpty && (table.Foreign is not null || table.Columns.Any(c => c.IsKey));

    /// <summary>
    /// The reasons <paramref name="table"/> gets no repository; when there are none, the columns its repository
    /// does not read back (those only matter for a repository that exists).
    /// </summary>
    public static IReadOnlyList<RepositoryGap> Of(TableSpec table)
    {
        var gaps = new List<RepositoryGap>();
        if (!table.IsVisibleInNamespace)
        {
            gaps.Add(new RepositoryGap(RepositoryGapKind.NotVisible, table.TypeName));
        }

        if (!table.CanConstruct)
        {
            gaps.Add(new RepositoryGap(RepositoryGapKind.CannotConstruct, table.TypeName));
        }

        // Rows are built as new T(ctor args) { settable columns }: only those initializers satisfy 'required'.
        var initialized = new HashSet<string>(table.Columns.Where(IsSetByInitializer).Select(c => c.PropertyName), System.StringComparer.Ordinal);
        foreach (var member in table.RequiredMembers)
        {
            if (!initialized.Contains(member))
            {
                gaps.Add(new RepositoryGap(RepositoryGapKind.RequiredMemberNotSet, member));
            }
        }

        if (SequenceColumn(table) is { IsSettable: false } key)
        {
            gaps.Add(new RepositoryGap(RepositoryGapKind.KeyNotSettable, key.PropertyName));
        }

        if (gaps.Count > 0)
        {
            return gaps;
        }

        return table.Columns.Where(c => !IsReadBack(c)).Select(c => new RepositoryGap(RepositoryGapKind.NotReadBack, c.PropertyName)).ToList();
    }

    /// <summary>Whether <paramref name="table"/> gets no repository.</summary>
    public static bool PreventRepository(TableSpec table) => Of(table).Any(g => g.PreventsRepository);

    /// <summary>Whether a repository sets <paramref name="column"/> in the object initializer of the rows it reads.</summary>
    public static bool IsSetByInitializer(ColumnSpec column) => column.ConstructorParameterIndex < 0 && column.IsSettable;

    /// <summary>Whether rows a repository reads carry <paramref name="column"/>'s stored value (constructor argument or initializer).</summary>
    public static bool IsReadBack(ColumnSpec column) => column.ConstructorParameterIndex >= 0 || column.IsSettable;

    /// <summary>The column <paramref name="table"/>'s sequence feeds, if any.</summary>
    public static ColumnSpec? SequenceColumn(TableSpec table) =>
        table.Sequence is { } sequence ? table.Columns.FirstOrDefault(c => c.ColumnName == sequence.ColumnName) : null;
}
