using System;
using System.Collections.Generic;

namespace Pgx.Generators.Sql;

/// <summary>
/// PostgreSQL's keywords that are not plain identifiers, by the categories of its grammar
/// (<c>src/include/parser/kwlist.h</c>), as the union over PostgreSQL 14, 15, 16 and 17: generated SQL must read
/// the same on every supported server. 14 and 15 list the same words; 16 adds <c>system_user</c> and the SQL/JSON
/// constructors, 17 adds <c>JSON_TABLE</c> and its kin and <c>merge_action</c>; no word changed category.
/// Unreserved keywords are left out: they are valid bare identifiers everywhere.
/// </summary>
internal static class SqlKeywords
{
    /// <summary><c>RESERVED_KEYWORD</c>: never a bare table, column, type or function name.</summary>
    public static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
        "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially",
        "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset",
        "on", "only", "or", "order", "placing", "primary", "references", "returning", "select", "session_user", "some",
        "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
        "variadic", "when", "where", "window", "with",
        "system_user", // reserved from PostgreSQL 16
    };

    /// <summary><c>TYPE_FUNC_NAME_KEYWORD</c>: may name a type or function, not a table or column.</summary>
    public static readonly HashSet<string> TypeOrFunctionName = new(StringComparer.Ordinal)
    {
        "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full", "ilike",
        "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar",
        "tablesample", "verbose",
    };

    /// <summary>
    /// <c>COL_NAME_KEYWORD</c>: may name a column, not a type or function — except the built-in types among them
    /// (<c>integer</c>, <c>timestamp</c> …), which the grammar spells out one by one. <c>quote_ident</c> quotes them.
    /// </summary>
    public static readonly HashSet<string> ColumnName = new(StringComparer.Ordinal)
    {
        "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists", "extract",
        "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national", "nchar", "none",
        "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real", "row", "setof",
        "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar", "xmlattributes",
        "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
        "xmlserialize", "xmltable",
        "json_array", "json_arrayagg", "json_object", "json_objectagg", // from PostgreSQL 16
        "json", "json_exists", "json_query", "json_scalar", "json_serialize", "json_table", "json_value", "merge_action", // from 17
    };

    /// <summary>
    /// Whether <paramref name="word"/> (lower case) must be quoted to be used as a name on some server from 14 to 17:
    /// any keyword but an unreserved one, the words <c>quote_ident</c> quotes.
    /// </summary>
    public static bool NeedsQuoting(string word) =>
        Reserved.Contains(word) || TypeOrFunctionName.Contains(word) || ColumnName.Contains(word);
}
