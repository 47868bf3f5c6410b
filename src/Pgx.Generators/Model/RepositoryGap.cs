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
