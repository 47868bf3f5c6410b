using System;

namespace Pgx.Generators.Model;

/// <summary>Reading the <c>global::</c>-qualified C# type names the model stores.</summary>
internal static class ClrTypeNames
{
    /// <summary>The type without a trailing <c>?</c>.</summary>
    public static string NonNullable(string type) => type.EndsWith("?", StringComparison.Ordinal) ? type.Substring(0, type.Length - 1) : type;

    /// <summary>
    /// A type as people write it, for messages, comments and file names: <c>global::Shop.Order</c> → <c>Shop.Order</c>.
    /// </summary>
    public static string Readable(string fullyQualifiedType) => fullyQualifiedType.Replace("global::", "");
}
