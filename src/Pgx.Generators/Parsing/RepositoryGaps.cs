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
        foreach (var member in table.RequiredMembers)
        {
            if (!IsSetByInitializer(table, member))
            {
                gaps.Add(new RepositoryGap(RepositoryGapKind.RequiredMemberNotSet, member));
            }
        }

        if (table.SequenceColumn is { IsSettable: false } key)
        {
            gaps.Add(new RepositoryGap(RepositoryGapKind.KeyNotSettable, key.PropertyName));
        }

        if (gaps.Count > 0)
        {
            return gaps;
        }

        foreach (var column in table.Columns)
        {
            if (!column.IsReadBack)
            {
                gaps.Add(new RepositoryGap(RepositoryGapKind.NotReadBack, column.PropertyName));
            }
        }

        return gaps;
    }

    private static bool IsSetByInitializer(TableSpec table, string member)
    {
        foreach (var column in table.Columns)
        {
            if (column.IsSetByInitializer && column.PropertyName == member)
            {
                return true;
            }
        }

        return false;
    }
}
