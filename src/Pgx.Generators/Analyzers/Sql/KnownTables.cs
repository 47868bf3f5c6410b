using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;
using Pgx.Generators.Parsing.Sql;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>A table the SQL rules know to be partitioned.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="IsTriggerRouted">Whether a routing trigger fills it (legacy inheritance partitioning).</param>
/// <param name="Origin">Where Pgx learned it, for messages: a record or an assembly attribute.</param>
/// <param name="Spec">The model, when the record is in this compilation and has no errors.</param>
internal sealed record PartitionedTable(string Schema, string Name, bool IsTriggerRouted, string Origin, TableSpec? Spec)
{
    /// <summary>The table as SQL, quoted where needed.</summary>
    public string Qualified => new SqlName(Schema, Name).ToString();
}

/// <summary>
/// The partitioned tables of a compilation: its own records, <c>[assembly: TriggerRoutedTable]</c> /
/// <c>[assembly: PartitionedTable]</c> written by hand or by the generator, and the same attributes in referenced
/// assemblies that use Pgx. Built once per compilation, and only when some SQL needs it.
/// </summary>
internal sealed class KnownTables
{
    private static readonly PerCompilation<KnownTables> Cache = new(Build);

    private readonly Dictionary<(string Schema, string Name), PartitionedTable> _tables = new();

    private KnownTables()
    {
    }

    /// <summary>Whether no partitioned table is known at all.</summary>
    public bool IsEmpty => _tables.Count == 0;

    /// <summary>The known tables of <paramref name="compilation"/>.</summary>
    public static KnownTables Of(Compilation compilation, CancellationToken cancellationToken) => Cache.Get(compilation, cancellationToken);

    /// <summary>
    /// The partitioned table <paramref name="name"/> refers to, or null. A qualified name matches exactly; an
    /// unqualified one matches in <c>public</c> (the default search_path), else the one known table of that name in
    /// another schema (the analyzer cannot see a search_path set at run time).
    /// </summary>
    public PartitionedTable? Find(SqlName name)
    {
        if (name.Schema is not null)
        {
            return _tables.TryGetValue((name.Schema, name.Name), out var exact) ? exact : null;
        }

        if (_tables.TryGetValue(("public", name.Name), out var inPublic))
        {
            return inPublic;
        }

        PartitionedTable? found = null;
        foreach (var table in _tables.Values)
        {
            if (string.Equals(table.Name, name.Name, StringComparison.Ordinal))
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
                known.Add(new PartitionedTable(record.Schema, record.Name, routing == PartitionRoutingSpec.Trigger, "record " + record.Type.ToDisplayString(), record.Spec));
            }
        }

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

    private void AddAssemblyAttributes(IAssemblySymbol assembly)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            var routed = attribute.Is(KnownAttributes.TriggerRoutedTable);
            if (!routed && !attribute.Is(KnownAttributes.PartitionedTable))
            {
                continue;
            }

            if (attribute.StringArg(0) is { } text && SqlName.Parse(text) is { } name)
            {
                var origin = "[assembly: " + (routed ? "TriggerRoutedTable" : "PartitionedTable") + "(\"" + text + "\")] in " + assembly.Name;
                Add(new PartitionedTable(name.Schema ?? "public", name.Name, routed, origin, null));
            }
        }
    }

    private void Add(PartitionedTable table)
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
