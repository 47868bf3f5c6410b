using System.Collections.Generic;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>
/// The one decision on what a record's generated repository can be, stored in <see cref="TableSpec.RepositoryGaps"/>:
/// the repository emitters generate none when a gap prevents it, read back only the columns
/// <see cref="ColumnSpec.IsReadBack"/> accepts, and the model analyzer reports every gap as PGX0024.
/// </summary>
internal static class RepositoryGaps
{
    /// <summary>
    /// The reasons a record gets no repository; when there are none, the columns its repository does not read back
    /// (those only matter for a repository that exists). Taken from the parts of its <see cref="TableSpec"/> before the
    /// spec is built, so that the spec is built once.
    /// </summary>
    /// <param name="typeName">The record's simple name.</param>
    /// <param name="isVisibleInNamespace"><see cref="TableSpec.IsVisibleInNamespace"/>.</param>
    /// <param name="canConstruct"><see cref="TableSpec.CanConstruct"/>.</param>
    /// <param name="requiredMembers"><see cref="TableSpec.RequiredMembers"/>.</param>
    /// <param name="columns"><see cref="TableSpec.Columns"/>.</param>
    /// <param name="sequence"><see cref="TableSpec.Sequence"/>.</param>
    public static EquatableArray<RepositoryGap> Of(
        string typeName,
        bool isVisibleInNamespace,
        bool canConstruct,
        EquatableArray<string> requiredMembers,
        EquatableArray<ColumnSpec> columns,
        SequenceSpec? sequence)
    {
        // Most records have no gap: the list is made for the first one.
        List<RepositoryGap>? gaps = null;
        if (!isVisibleInNamespace)
        {
            (gaps ??= new List<RepositoryGap>()).Add(new RepositoryGap(RepositoryGapKind.NotVisible, typeName));
        }

        if (!canConstruct)
        {
            (gaps ??= new List<RepositoryGap>()).Add(new RepositoryGap(RepositoryGapKind.CannotConstruct, typeName));
        }

        // Rows are built as new T(ctor args) { settable columns }: only those initializers satisfy 'required'.
        foreach (var member in requiredMembers)
        {
            if (!IsSetByInitializer(columns, member))
            {
                (gaps ??= new List<RepositoryGap>()).Add(new RepositoryGap(RepositoryGapKind.RequiredMemberNotSet, member));
            }
        }

        if (TableSpec.SequenceColumnOf(columns, sequence) is { IsSettable: false } key)
        {
            (gaps ??= new List<RepositoryGap>()).Add(new RepositoryGap(RepositoryGapKind.KeyNotSettable, key.PropertyName));
        }

        if (gaps is not null)
        {
            return gaps.ToEquatableArray();
        }

        foreach (var column in columns)
        {
            if (!column.IsReadBack)
            {
                (gaps ??= new List<RepositoryGap>()).Add(new RepositoryGap(RepositoryGapKind.NotReadBack, column.PropertyName));
            }
        }

        return gaps is null ? EquatableArray<RepositoryGap>.Empty : gaps.ToEquatableArray();
    }

    private static bool IsSetByInitializer(EquatableArray<ColumnSpec> columns, string member)
    {
        foreach (var column in columns)
        {
            if (column.IsSetByInitializer && column.PropertyName == member)
            {
                return true;
            }
        }

        return false;
    }
}
