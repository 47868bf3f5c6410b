namespace Pgx.Generators.Model;

/// <summary>
/// Everything the emitters need about one table record, and nothing from Roslyn: no symbol, syntax node,
/// location or compilation survives the parser. Value-equal (records and <see cref="EquatableArray{T}"/>),
/// so an edit elsewhere leaves it equal and the emit steps cached.
/// </summary>
/// <param name="Namespace">The record's namespace, or empty for the global namespace.</param>
/// <param name="TypeName">The record's simple name.</param>
/// <param name="FullyQualifiedType">The record type, <c>global::</c>-qualified.</param>
/// <param name="IsPublic">Whether the record is public (the repository then is too).</param>
/// <param name="IsValueType">Whether it is a record struct.</param>
/// <param name="Schema">The table's schema.</param>
/// <param name="Name">The table name.</param>
/// <param name="Columns">The mapped columns in declaration order (base record first).</param>
/// <param name="Sequence">The key sequence, if the key takes values from one.</param>
/// <param name="Partitioning">The partitioning, if the table is partitioned.</param>
/// <param name="Indexes">Declared indexes.</param>
/// <param name="Foreign">Set when the record is a postgres_fdw foreign table.</param>
/// <param name="ConstructorParameters">The primary-constructor parameters in order (empty when the record has none).</param>
internal sealed record TableSpec(
    string Namespace,
    string TypeName,
    string FullyQualifiedType,
    bool IsPublic,
    bool IsValueType,
    string Schema,
    string Name,
    EquatableArray<ColumnSpec> Columns,
    SequenceSpec? Sequence,
    PartitioningSpec? Partitioning,
    EquatableArray<IndexSpec> Indexes,
    ForeignTableSpec? Foreign,
    EquatableArray<ConstructorParameterSpec> ConstructorParameters)
{
    /// <summary>Whether rows are routed by the legacy trigger.</summary>
    public bool IsTriggerRouted => Partitioning?.Routing == PartitionRouting.Trigger;

    /// <summary>
    /// Whether code in the record's namespace can name the record: false for a record nested as private or
    /// protected. Generated repositories live in the namespace, so they exist only when this is true.
    /// </summary>
    public bool IsVisibleInNamespace { get; init; } = true;

    /// <summary>
    /// Whether <c>new T { … }</c> compiles: the record has a primary constructor, or an accessible parameterless
    /// one. Repositories construct the rows they read this way.
    /// </summary>
    public bool CanConstruct { get; init; } = true;

    /// <summary>
    /// The <c>required</c> properties and fields (base record first) that <c>new T(…) { … }</c> must set; empty when
    /// the constructor repositories call has <c>[SetsRequiredMembers]</c>.
    /// </summary>
    public EquatableArray<string> RequiredMembers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// What keeps the record from getting its repository, or keeps its repository from reading a column back
    /// (decided by the parser from the members above; PGX0024 reports each).
    /// </summary>
    public EquatableArray<RepositoryGap> RepositoryGaps { get; init; } = EquatableArray<RepositoryGap>.Empty;

    /// <summary>
    /// Whether the record gets a repository at all: no gap prevents it, it maps columns, and it has a key (a foreign
    /// table need not have one: its repository reads by condition).
    /// </summary>
    public bool GetsRepository => !AnyGapPreventsRepository() && !Columns.IsEmpty && (Foreign is not null || HasKey());

    /// <summary>The column the table's sequence feeds, if any.</summary>
    public ColumnSpec? SequenceColumn => SequenceColumnOf(Columns, Sequence);

    /// <summary>The column of <paramref name="columns"/> that <paramref name="sequence"/> feeds, if any.</summary>
    internal static ColumnSpec? SequenceColumnOf(EquatableArray<ColumnSpec> columns, SequenceSpec? sequence)
    {
        // Loops rather than LINQ here and below: the parser asks for every record on every keystroke.
        if (sequence is null)
        {
            return null;
        }

        foreach (var column in columns)
        {
            if (column.ColumnName == sequence.ColumnName)
            {
                return column;
            }
        }

        return null;
    }

    private bool AnyGapPreventsRepository()
    {
        foreach (var gap in RepositoryGaps)
        {
            if (gap.PreventsRepository)
            {
                return true;
            }
        }

        return false;
    }

    private bool HasKey()
    {
        foreach (var column in Columns)
        {
            if (column.IsKey)
            {
                return true;
            }
        }

        return false;
    }
}
