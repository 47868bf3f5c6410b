using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>A table the SQL rules know to be partitioned.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="IsTriggerRouted">Whether a routing trigger fills it (legacy inheritance partitioning).</param>
/// <param name="Origin">Where Pgx learned it, for messages: a record or an assembly attribute.</param>
/// <param name="Spec">The model, when the record is in this compilation and has no errors.</param>
internal sealed record KnownPartitionedTable(string Schema, string Name, bool IsTriggerRouted, string Origin, TableSpec? Spec)
{
    /// <summary>The table as SQL, quoted where needed.</summary>
    public string Qualified => new SqlName(Schema, Name).ToString();
}

/// <summary>A table the SQL rules know to be a postgres_fdw foreign table.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="Server">The foreign server it reads from.</param>
/// <param name="IsReadOnly">Whether writes to it are a mistake (<c>ReadOnly = true</c>, the default).</param>
/// <param name="Origin">Where Pgx learned it, for messages: a record or an assembly attribute.</param>
internal sealed record KnownForeignTable(string Schema, string Name, string Server, bool IsReadOnly, string Origin)
{
    /// <summary>The table as SQL, quoted where needed.</summary>
    public string Qualified => new SqlName(Schema, Name).ToString();
}

/// <summary>
/// The tables the SQL rules know about in a compilation. Partitioned tables: its own records,
/// <c>[assembly: TriggerRoutedTable]</c> / <c>[assembly: PartitionedTable]</c> written by hand or by the generator.
/// Foreign tables: its own <c>[ForeignTable]</c> records and <c>[assembly: ImportForeignSchema(LimitTo = …)]</c>
/// tables, and <c>[assembly: ForeignTableOnServer]</c> written by hand or by the generator. The same attributes
/// are read from referenced assemblies that use Pgx. Built once per compilation, and only when some SQL needs it.
/// </summary>
internal sealed class KnownTables
{
    private static readonly PerCompilation<KnownTables> Cache = new(Build);

    private readonly Dictionary<(string Schema, string Name), KnownPartitionedTable> _tables = new();

    private readonly Dictionary<(string Schema, string Name), KnownForeignTable> _foreign = new();

    private KnownTables()
    {
    }

    /// <summary>Whether no foreign table is known at all.</summary>
    public bool HasNoForeignTables => _foreign.Count == 0;

    /// <summary>The known tables of <paramref name="compilation"/>.</summary>
    public static KnownTables Of(Compilation compilation, CancellationToken cancellationToken) => Cache.Get(compilation, cancellationToken);

    /// <summary>The partitioned table <paramref name="name"/> refers to, or null (see <see cref="Resolve{T}"/>).</summary>
    public KnownPartitionedTable? Find(SqlName name) => Resolve(_tables, name, t => t.Name);

    /// <summary>
    /// The foreign table <paramref name="name"/> refers to, or null. Stricter than <see cref="Find"/>: an unqualified
    /// name matches only a foreign table in <c>public</c>. Foreign tables live in a schema of their own precisely so
    /// that their names do not shadow local ones (a reporting database's <c>app.users</c> beside its own
    /// <c>users</c>), so a bare <c>users</c> is far more likely a local table than the foreign one.
    /// </summary>
    public KnownForeignTable? FindForeign(SqlName name) =>
        _foreign.TryGetValue((name.Schema ?? "public", name.Name), out var table) ? table : null;

    /// <summary>
    /// The table <paramref name="name"/> refers to, or null. A qualified name matches exactly; an unqualified one
    /// matches in <c>public</c> (the default search_path), else the one known table of that name in another schema
    /// (the analyzer cannot see a search_path set at run time).
    /// </summary>
    private static T? Resolve<T>(Dictionary<(string Schema, string Name), T> tables, SqlName name, Func<T, string> nameOf)
        where T : class
    {
        if (name.Schema is not null)
        {
            return tables.TryGetValue((name.Schema, name.Name), out var exact) ? exact : null;
        }

        if (tables.TryGetValue(("public", name.Name), out var inPublic))
        {
            return inPublic;
        }

        T? found = null;
        foreach (var table in tables.Values)
        {
            if (string.Equals(nameOf(table), name.Name, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }

                found = table;
            }
        }

        return found;
    }

    private static KnownTables Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var known = new KnownTables();
        foreach (var record in SourceRecords.Of(compilation, cancellationToken))
        {
            if (record.Routing is { } routing)
            {
                known.Add(new KnownPartitionedTable(record.Schema, record.Name, routing == PartitionRouting.Trigger, "record " + record.Type.ToDisplayString(), record.Spec));
            }

            // A partition on another server is a foreign table on that server, to name in SQL like any other.
            foreach (var partition in record.Spec?.Partitioning?.Partitions.Where(p => p.Server is not null) ?? Enumerable.Empty<PartitionSpec>())
            {
                known.AddForeign(new KnownForeignTable(record.Schema, partition.Name, partition.Server!, false, "partition of record " + record.Type.ToDisplayString() + ", server " + partition.Server));
            }

            // Read from the attribute, not the model, so a record with model errors is still known.
            if (record.Type.GetAttributes().FirstOrDefault(a => a.Is(KnownAttributes.ForeignTable)) is { } foreignTable
                && foreignTable.StringArg(0) is { Length: > 0 } server)
            {
                known.AddForeign(new KnownForeignTable(record.Schema, record.Name, server, foreignTable.NamedBool(nameof(ForeignTableAttribute.ReadOnly), true), "record " + record.Type.ToDisplayString() + ", server " + server));
            }
        }

        known.AddImports(compilation.Assembly, cancellationToken);
        known.AddAssemblyAttributes(compilation.Assembly);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReferencesPgx(assembly))
            {
                known.AddAssemblyAttributes(assembly);
            }
        }

        return known;
    }

    /// <summary>Only assemblies built against Pgx can carry its attributes: the rest are not decoded at all.</summary>
    private static bool ReferencesPgx(IAssemblySymbol assembly)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var identity in module.ReferencedAssemblies)
            {
                if (identity.Name == "Pgx")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The tables of this compilation's <c>[assembly: ImportForeignSchema]</c> that name them (<c>LimitTo</c>): an
    /// import takes the remote names as they are. Imports are writable as far as Pgx knows (the remote role decides).
    /// </summary>
    private void AddImports(IAssemblySymbol assembly, CancellationToken cancellationToken)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.Is(KnownAttributes.ImportForeignSchema) && ForeignParser.ParseImport(attribute, ProblemList.ErrorsOnly()) is { Server.Length: > 0 } import)
            {
                foreach (var table in import.LimitTo)
                {
                    AddForeign(new KnownForeignTable(import.LocalSchema, table, import.Server, false, "[assembly: ImportForeignSchema(\"" + import.Server + "\", LimitTo = …)], server " + import.Server));
                }
            }
        }
    }

    private void AddAssemblyAttributes(IAssemblySymbol assembly)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.Is(KnownAttributes.ForeignTableOnServer))
            {
                if (attribute.StringArg(0) is { } table && SqlName.Parse(table) is { } foreignName && attribute.StringArg(1) is { Length: > 0 } server)
                {
                    var origin = "[assembly: ForeignTableOnServer(\"" + table + "\", \"" + server + "\")] in " + assembly.Name;
                    AddForeign(new KnownForeignTable(foreignName.Schema ?? "public", foreignName.Name, server, attribute.NamedBool(nameof(ForeignTableOnServerAttribute.ReadOnly), true), origin));
                }

                continue;
            }

            var routed = attribute.Is(KnownAttributes.TriggerRoutedTable);
            if (!routed && !attribute.Is(KnownAttributes.PartitionedTable))
            {
                continue;
            }

            if (attribute.StringArg(0) is { } text && SqlName.Parse(text) is { } name)
            {
                var origin = "[assembly: " + (routed ? "TriggerRoutedTable" : "PartitionedTable") + "(\"" + text + "\")] in " + assembly.Name;
                Add(new KnownPartitionedTable(name.Schema ?? "public", name.Name, routed, origin, null));
            }
        }
    }

    /// <summary>
    /// The first declaration of a foreign table wins: this compilation's records and imports come first, then its
    /// assembly attributes (the generator's for those same records, or hand-written ones), then referenced assemblies'.
    /// </summary>
    private void AddForeign(KnownForeignTable table)
    {
        var key = (table.Schema, table.Name);
        if (!_foreign.ContainsKey(key))
        {
            _foreign[key] = table;
        }
    }

    private void Add(KnownPartitionedTable table)
    {
        var key = (table.Schema, table.Name);
        if (!_tables.TryGetValue(key, out var existing))
        {
            _tables[key] = table;
            return;
        }

        // The same table from a record and from the attribute the generator wrote for it: keep the model, and
        // let trigger routing win, since it is what the stricter rules need.
        _tables[key] = existing with
        {
            IsTriggerRouted = existing.IsTriggerRouted || table.IsTriggerRouted,
            Spec = existing.Spec ?? table.Spec,
        };
    }
}
