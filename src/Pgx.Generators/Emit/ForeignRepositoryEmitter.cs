using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>{Namespace}.{Type}.Pgx.g.cs</c> for a <c>[ForeignTable]</c> record: <c>{Type}Repository</c> with
/// <c>FindAsync(key)</c> and <c>QueryAsync(FormattableString condition)</c>, whose interpolation holes become
/// parameters; <c>InsertAsync</c> and <c>UpdateAsync</c> only when the record says <c>ReadOnly = false</c>.
/// Same class name, constructors and file name as the local-table repositories, so the two emitters can merge.
/// </summary>
internal static class ForeignRepositoryEmitter
{
    private static readonly string[] Locals = { "cancellationToken", "rows", "row", "condition", "parameters", "where" };

    /// <summary>Adds the repository of a foreign-table record, when one can be generated.</summary>
    public static void Emit(SourceProductionContext context, TableSpec table)
    {
        if (Render(table) is { } source)
        {
            context.AddSource(table.FullyQualifiedType.Replace("global::", "") + ".Pgx.g.cs", source);
        }
    }

    /// <summary>
    /// The repository source, or null: for local tables, and for records that cannot have a repository
    /// (<see cref="RepositoryGaps"/>; the model analyzer says why, PGX0024).
    /// </summary>
    public static string? Render(TableSpec table)
    {
        if (table.Foreign is null || table.Columns.IsEmpty)
        {
            return null;
        }

        // The same decision PGX0024 reports (and the local-table repositories make).
        if (RepositoryGaps.PreventRepository(table))
        {
            return null;
        }

        var writer = new SourceWriter();
        GeneratedCode.WriteHeader(writer);
        if (table.Namespace.Length == 0)
        {
            WriteClass(writer, table);
        }
        else
        {
            using (writer.Block("namespace " + string.Join(".", table.Namespace.Split('.').Select(Identifier))))
            {
                WriteClass(writer, table);
            }
        }

        return writer.ToString();
    }

    private static void WriteClass(SourceWriter writer, TableSpec table)
    {
        var foreign = table.Foreign!;
        var name = table.TypeName + "Repository";
        var type = table.FullyQualifiedType;
        var keys = table.Columns.Where(c => c.IsKey).ToList();
        var columns = SqlText.IdentifierList(table.Columns.Select(c => c.ColumnName));
        writer.Line("/// <summary>");
        writer.Line("/// Reads <see cref=\"" + type + "\"/> rows from the foreign table <c>" + Xml(table.Qualified()) + "</c> (server <c>" + Xml(foreign.Server) + "</c>)"
            + (foreign.IsReadOnly ? "; read-only, as declared." : ", and writes them (<c>ReadOnly = false</c>)."));
        writer.Line("/// </summary>");
        writer.Line(GeneratedCode.Attribute);
        using (writer.Block((table.IsPublic ? "public" : "internal") + " sealed partial class " + name))
        {
            writer.Line("private const string SelectSql = " + Literal("SELECT " + columns + " FROM " + table.Qualified()) + ";");
            writer.Line();
            writer.Line("private readonly global::Pgx.PgxForeignTableAccess _db;");
            writer.Line();
            writer.Line("/// <summary>Creates a repository that runs each call on its own connection from <paramref name=\"dataSource\"/>.</summary>");
            writer.Line("/// <param name=\"dataSource\">The local database that holds the foreign table.</param>");
            writer.Line("public " + name + "(global::Npgsql.NpgsqlDataSource dataSource) => _db = new global::Pgx.PgxForeignTableAccess(dataSource);");
            writer.Line();
            writer.Line("/// <summary>Creates a repository that runs on <paramref name=\"connection\"/>, in <paramref name=\"transaction\"/> when given.</summary>");
            writer.Line("/// <param name=\"connection\">The connection to use.</param>");
            writer.Line("/// <param name=\"transaction\">The caller's transaction on <paramref name=\"connection\"/>, or <see langword=\"null\"/>.</param>");
            writer.Line("public " + name + "(global::Npgsql.NpgsqlConnection connection, global::Npgsql.NpgsqlTransaction? transaction = null) => _db = new global::Pgx.PgxForeignTableAccess(connection, transaction);");
            writer.Line();
            if (keys.Count > 0)
            {
                WriteFind(writer, table, keys);
                writer.Line();
            }

            WriteQuery(writer, table);
            writer.Line();
            if (!foreign.IsReadOnly)
            {
                WriteInsert(writer, table);
                writer.Line();
                if (keys.Count > 0 && keys.Count < table.Columns.Count)
                {
                    WriteUpdate(writer, table, keys);
                    writer.Line();
                }
            }

            WriteReadRow(writer, table);
        }
    }

    private static void WriteFind(SourceWriter writer, TableSpec table, List<ColumnSpec> keys)
    {
        var type = table.FullyQualifiedType;
        var names = ParameterNames(keys);
        var condition = string.Join(" AND ", keys.Select((k, i) => SqlText.Identifier(k.ColumnName) + " = $" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        writer.Line("/// <summary>The row with the given key, or <see langword=\"null\"/>: one query, sent to the remote server as one.</summary>");
        for (var i = 0; i < keys.Count; i++)
        {
            writer.Line("/// <param name=\"" + names[i].TrimStart('@') + "\">The key, <c>" + keys[i].PropertyName + "</c>.</param>");
        }

        writer.Line("/// <param name=\"cancellationToken\">Cancels the lookup.</param>");
        writer.Line("/// <returns>The row, or <see langword=\"null\"/>.</returns>");
        var signature = string.Join(", ", keys.Select((k, i) => k.ClrType + " " + names[i]));
        using (writer.Block("public async global::System.Threading.Tasks.Task<" + type + "?> FindAsync(" + signature + ", global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            writer.Line("var parameters = new global::Npgsql.NpgsqlParameter[] { " + string.Join(", ", keys.Select((k, i) => Parameter(k, names[i]))) + " };");
            writer.Line("var rows = await _db.QueryAsync(SelectSql + " + Literal(" WHERE " + condition) + ", parameters, ReadRow, cancellationToken).ConfigureAwait(false);");
            writer.Line("return rows.Count == 0 ? default(" + type + "?) : rows[0];");
        }
    }

    private static void WriteQuery(SourceWriter writer, TableSpec table)
    {
        var type = table.FullyQualifiedType;
        writer.Line("/// <summary>");
        writer.Line("/// The rows that meet <paramref name=\"condition\"/>, the SQL after <c>WHERE</c> (ORDER BY and LIMIT may follow), written");
        writer.Line("/// as an interpolated string whose holes become parameters: <c>QueryAsync($\"company_id = {companyId} ORDER BY id\")</c>.");
        writer.Line("/// A plain string does not convert, so a value cannot be pasted into the SQL by accident.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"condition\">The condition, with values as interpolation holes.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the query.</param>");
        writer.Line("/// <returns>The rows.</returns>");
        using (writer.Block("public global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<" + type + ">> QueryAsync(global::System.FormattableString condition, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            writer.Line("var (where, parameters) = global::Pgx.PgxForeignTableAccess.Condition(condition);");
            writer.Line("return _db.QueryAsync(SelectSql + \" WHERE \" + where, parameters, ReadRow, cancellationToken);");
        }
    }

    private static void WriteInsert(SourceWriter writer, TableSpec table)
    {
        var type = table.FullyQualifiedType;
        var values = string.Join(", ", table.Columns.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        var columns = SqlText.IdentifierList(table.Columns.Select(c => c.ColumnName));
        writer.Line("/// <summary>Inserts <paramref name=\"row\"/> into the remote table and returns it as stored.</summary>");
        writer.Line("/// <param name=\"row\">The row, every column given.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the insert.</param>");
        writer.Line("/// <returns>The row as the remote table returned it.</returns>");
        using (writer.Block("public async global::System.Threading.Tasks.Task<" + type + "> InsertAsync(" + type + " row, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            if (!table.IsValueType)
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(row);");
            }

            writer.Line("var parameters = new global::Npgsql.NpgsqlParameter[] { " + string.Join(", ", table.Columns.Select(c => Parameter(c, "row." + Identifier(c.PropertyName)))) + " };");
            writer.Line("var rows = await _db.QueryAsync(" + Literal("INSERT INTO " + table.Qualified() + " (" + columns + ") VALUES (" + values + ") RETURNING " + columns) + ", parameters, ReadRow, cancellationToken).ConfigureAwait(false);");
            writer.Line("return rows[0];");
        }
    }

    private static void WriteUpdate(SourceWriter writer, TableSpec table, List<ColumnSpec> keys)
    {
        var type = table.FullyQualifiedType;
        var others = table.Columns.Where(c => !c.IsKey).ToList();
        var ordered = others.Concat(keys).ToList();
        var set = string.Join(", ", others.Select((c, i) => SqlText.Identifier(c.ColumnName) + " = $" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        var where = string.Join(" AND ", keys.Select((k, i) => SqlText.Identifier(k.ColumnName) + " = $" + (others.Count + i + 1).ToString(CultureInfo.InvariantCulture)));
        writer.Line("/// <summary>Updates the remote row with <paramref name=\"row\"/>'s key to <paramref name=\"row\"/>'s values.</summary>");
        writer.Line("/// <param name=\"row\">The row.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the update.</param>");
        writer.Line("/// <returns>Whether a row with that key existed.</returns>");
        using (writer.Block("public async global::System.Threading.Tasks.Task<bool> UpdateAsync(" + type + " row, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            if (!table.IsValueType)
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(row);");
            }

            writer.Line("var parameters = new global::Npgsql.NpgsqlParameter[] { " + string.Join(", ", ordered.Select(c => Parameter(c, "row." + Identifier(c.PropertyName)))) + " };");
            writer.Line("return await _db.ExecuteAsync(" + Literal("UPDATE " + table.Qualified() + " SET " + set + " WHERE " + where) + ", parameters, cancellationToken).ConfigureAwait(false) > 0;");
        }
    }

    private static void WriteReadRow(SourceWriter writer, TableSpec table)
    {
        var type = table.FullyQualifiedType;
        var arguments = table.ConstructorParameters.Select(p => p.ColumnIndex >= 0 ? Read(table.Columns[p.ColumnIndex], p.ColumnIndex) : "default!").ToList();
        var initializers = table.Columns.Select((c, i) => (Column: c, Ordinal: i))
            .Where(c => RepositoryGaps.IsSetByInitializer(c.Column))
            .Select(c => Identifier(c.Column.PropertyName) + " = " + Read(c.Column, c.Ordinal)).ToList();
        using (writer.Block("private static " + type + " ReadRow(global::Npgsql.NpgsqlDataReader reader)"))
        {
            var construct = "new " + type + (arguments.Count > 0 || initializers.Count == 0 ? "(" + string.Join(", ", arguments) + ")" : "");
            if (initializers.Count == 0)
            {
                writer.Line("return " + construct + ";");
                return;
            }

            writer.Line("return " + construct);
            writer.Line("{");
            using (writer.Indent())
            {
                foreach (var initializer in initializers)
                {
                    writer.Line(initializer + ",");
                }
            }

            writer.Line("};");
        }
    }

    /// <summary>A typed read of column <paramref name="ordinal"/>, NULL-aware when the column is nullable.</summary>
    private static string Read(ColumnSpec column, int ordinal)
    {
        var i = ordinal.ToString(CultureInfo.InvariantCulture);
        var clr = NonNullable(column.ClrType);
        var read = column.Kind == ClrKind.Enum
            ? "(" + clr + ")reader.GetFieldValue<" + StoredEnumType(column) + ">(" + i + ")"
            : "reader.GetFieldValue<" + clr + ">(" + i + ")";
        return column.IsNullable ? "reader.IsDBNull(" + i + ") ? default(" + column.ClrType + ") : " + read : read;
    }

    /// <summary>A positional parameter for <paramref name="expression"/>; enums go as their stored integer.</summary>
    private static string Parameter(ColumnSpec column, string expression)
    {
        if (column.Kind == ClrKind.Enum)
        {
            var stored = StoredEnumType(column) + (column.IsNullable ? "?" : "");
            return "new global::Npgsql.NpgsqlParameter<" + stored + "> { TypedValue = (" + stored + ")" + expression + " }";
        }

        // Npgsql writes timestamptz only at offset 0: the same instant, in UTC.
        var value = column.Kind == ClrKind.DateTimeOffset ? expression + (column.IsNullable ? "?" : "") + ".ToUniversalTime()" : expression;
        return "new global::Npgsql.NpgsqlParameter<" + column.ClrType + "> { TypedValue = " + value + " }";
    }

    private static string StoredEnumType(ColumnSpec column) => column.PgType.StartsWith("bigint", System.StringComparison.OrdinalIgnoreCase) ? "long"
        : column.PgType.StartsWith("smallint", System.StringComparison.OrdinalIgnoreCase) ? "short" : "int";

    private static string NonNullable(string type) => type.EndsWith("?", System.StringComparison.Ordinal) ? type.Substring(0, type.Length - 1) : type;

    private static List<string> ParameterNames(List<ColumnSpec> keys)
    {
        var taken = new HashSet<string>(Locals, System.StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var key in keys)
        {
            var name = char.ToLowerInvariant(key.PropertyName[0]) + key.PropertyName.Substring(1);
            var candidate = name;
            for (var n = 2; !taken.Add(candidate); n++)
            {
                candidate = name + n.ToString(CultureInfo.InvariantCulture);
            }

            names.Add(Identifier(candidate));
        }

        return names;
    }

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "await" ? "@" + name : name;

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, true);

    private static string Xml(string text) => System.Security.SecurityElement.Escape(text).Replace("\n", " ").Replace("\r", " ");
}
