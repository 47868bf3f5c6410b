using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>
/// <c>[assembly: ForeignServer]</c> and <c>[assembly: ImportForeignSchema]</c> → <see cref="ForeignSpec"/>.
/// One parser for two readers, like <see cref="ModelParser"/>: the generator keeps the valid declarations of
/// each file and merges them; the foreign-declaration analyzer reports the problems. Never throws on broken code.
/// </summary>
internal static class ForeignParser
{
    /// <summary>The valid servers among one compilation unit's <c>[ForeignServer]</c> attributes.</summary>
    public static EquatableArray<ForeignServerSpec> ServersOf(ImmutableArray<AttributeData> attributes, CancellationToken cancellationToken) =>
        attributes.Select(a => WithoutErrors(a, ParseServer)).Where(s => s is not null).Select(s => s!).ToEquatableArray();

    /// <summary>The valid imports among one compilation unit's <c>[ImportForeignSchema]</c> attributes.</summary>
    public static EquatableArray<ImportForeignSchemaSpec> ImportsOf(ImmutableArray<AttributeData> attributes, CancellationToken cancellationToken) =>
        attributes.Select(a => WithoutErrors(a, ParseImport)).Where(s => s is not null).Select(s => s!).ToEquatableArray();

    private static T? WithoutErrors<T>(AttributeData attribute, Func<AttributeData, ProblemList, T?> parse)
        where T : class
    {
        var problems = ProblemList.ErrorsOnly();
        return parse(attribute, problems) is { } spec && !problems.HasErrors ? spec : null;
    }

    /// <summary>
    /// The assembly's declarations from every file: a server name declared twice is dropped altogether (the
    /// analyzer reports it), imports on undeclared servers are dropped, and both lists are sorted.
    /// </summary>
    public static ForeignSpec Merge(ImmutableArray<EquatableArray<ForeignServerSpec>> servers, ImmutableArray<EquatableArray<ImportForeignSchemaSpec>> imports)
    {
        var all = servers.SelectMany(s => s).ToList();
        var unique = all.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Single())
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToEquatableArray();
        var declared = new HashSet<string>(unique.Select(s => s.Name), StringComparer.Ordinal);
        var valid = imports.SelectMany(i => i)
            .Where(i => declared.Contains(i.Server))
            .Distinct()
            .OrderBy(i => i.LocalSchema, StringComparer.Ordinal)
            .ThenBy(i => i.Server, StringComparer.Ordinal)
            .ThenBy(i => i.RemoteSchema, StringComparer.Ordinal)
            .ThenBy(i => string.Join("\0", i.LimitTo), StringComparer.Ordinal)
            .ThenBy(i => string.Join("\0", i.Except), StringComparer.Ordinal)
            .ToEquatableArray();
        return unique.IsEmpty && valid.IsEmpty ? ForeignSpec.Empty : new ForeignSpec(unique, valid);
    }

    /// <summary>Every problem with the assembly's foreign declarations, for the analyzer.</summary>
    public static ImmutableArray<ModelProblem> Analyze(IAssemblySymbol assembly, CancellationToken cancellationToken)
    {
        var problems = new List<ModelProblem>();
        var servers = new HashSet<string>(StringComparer.Ordinal);
        var attributes = assembly.GetAttributes();
        foreach (var attribute in attributes.Where(a => a.Is(KnownAttributes.ForeignServer)))
        {
            var found = ProblemList.Collecting(cancellationToken);
            var spec = ParseServer(attribute, found);
            problems.AddRange(found.ToImmutable());
            if (spec is not null && spec.Name.Length > 0 && !servers.Add(spec.Name))
            {
                var first = attributes.First(a => a.Is(KnownAttributes.ForeignServer) && a.StringArg(0) == spec.Name);
                problems.Add(new ModelProblem(Descriptors.DuplicateForeignServer, attribute.ArgumentLocation(0, cancellationToken), ImmutableArray.Create(spec.Name))
                {
                    RelatedLocations = first.ArgumentLocation(0, cancellationToken) is { } firstLocation ? ImmutableArray.Create(firstLocation) : default,
                });
            }
        }

        foreach (var attribute in attributes.Where(a => a.Is(KnownAttributes.ImportForeignSchema)))
        {
            var found = ProblemList.Collecting(cancellationToken);
            var spec = ParseImport(attribute, found);
            problems.AddRange(found.ToImmutable());
            if (spec is not null && spec.Server.Length > 0 && !servers.Contains(spec.Server))
            {
                problems.Add(new ModelProblem(Descriptors.UnknownForeignServer, attribute.ArgumentLocation(0, cancellationToken), ImmutableArray.Create(spec.Server, "[assembly: ImportForeignSchema]")));
            }
        }

        return problems.ToImmutableArray();
    }

    /// <summary>Reads one <c>[ForeignServer]</c>; null when its name is unreadable.</summary>
    public static ForeignServerSpec? ParseServer(AttributeData attribute, ProblemList problems)
    {
        if (attribute.Arg(0) is not { } argument)
        {
            // Not a constant (broken code): the compiler already says so.
            return null;
        }

        var name = argument.Value as string ?? "";

        ModelParser.CheckIdentifier("foreign server", name, attribute.AtArgument(0), problems);
        var port = attribute.NamedInt(nameof(ForeignServerAttribute.Port), 0);
        // A setting the attribute leaves out gets Pgx's default; one it spells out wins, even when it is
        // PostgreSQL's own default (FetchSize = 100, AsyncCapable = false), and 0 leaves the option to whoever
        // manages the server.
        var fetchSize = attribute.NamedInt(nameof(ForeignServerAttribute.FetchSize), ForeignServerAttribute.DefaultFetchSize);
        var batchSize = attribute.NamedInt(nameof(ForeignServerAttribute.BatchSize), ForeignServerAttribute.DefaultBatchSize);
        if (port is < 0 or > 65535)
        {
            problems.Add(Descriptors.InvalidForeignServerSetting, attribute.AtNamedArgument(nameof(ForeignServerAttribute.Port)), nameof(ForeignServerAttribute.Port), Format(port), "a TCP port from 1 to 65535 (0 for PostgreSQL's default)");
        }

        if (fetchSize < 0)
        {
            problems.Add(Descriptors.InvalidForeignServerSetting, attribute.AtNamedArgument(nameof(ForeignServerAttribute.FetchSize)), nameof(ForeignServerAttribute.FetchSize), Format(fetchSize), "a row count of at least 1 (0 to leave fetch_size as the server has it)");
        }

        if (batchSize < 0)
        {
            problems.Add(Descriptors.InvalidForeignServerSetting, attribute.AtNamedArgument(nameof(ForeignServerAttribute.BatchSize)), nameof(ForeignServerAttribute.BatchSize), Format(batchSize), "a row count of at least 1 (0 to leave batch_size as the server has it)");
        }

        return new ForeignServerSpec(
            name,
            attribute.NamedString(nameof(ForeignServerAttribute.Host)),
            attribute.NamedString(nameof(ForeignServerAttribute.DbName)),
            port,
            fetchSize,
            attribute.NamedBool(nameof(ForeignServerAttribute.UseRemoteEstimate), ForeignServerAttribute.DefaultUseRemoteEstimate),
            attribute.NamedBool(nameof(ForeignServerAttribute.AsyncCapable), ForeignServerAttribute.DefaultAsyncCapable),
            batchSize,
            NameList(attribute, nameof(ForeignServerAttribute.Extensions), "extension", problems).ToEquatableArray());
    }

    /// <summary>Reads one <c>[ImportForeignSchema]</c>; null when its server is unreadable.</summary>
    public static ImportForeignSchemaSpec? ParseImport(AttributeData attribute, ProblemList problems)
    {
        if (attribute.Arg(0) is not { } argument)
        {
            return null;
        }

        var server = argument.Value as string ?? "";

        ModelParser.CheckIdentifier("foreign server", server, attribute.AtArgument(0), problems);
        var remoteSchema = attribute.NamedString(nameof(ImportForeignSchemaAttribute.RemoteSchema)) ?? "public";
        var localSchema = attribute.NamedString(nameof(ImportForeignSchemaAttribute.LocalSchema)) ?? remoteSchema;
        ModelParser.CheckIdentifier("remote schema", remoteSchema, attribute.AtNamedArgument(nameof(ImportForeignSchemaAttribute.RemoteSchema)), problems);
        ModelParser.CheckIdentifier("local schema", localSchema, attribute.AtNamedArgument(nameof(ImportForeignSchemaAttribute.LocalSchema)), problems);

        var limitTo = NameList(attribute, nameof(ImportForeignSchemaAttribute.LimitTo), "remote table", problems);
        var except = NameList(attribute, nameof(ImportForeignSchemaAttribute.Except), "remote table", problems);
        if (limitTo.Count > 0 && except.Count > 0)
        {
            problems.Add(Descriptors.ImportLimitToAndExcept, attribute.AtNamedArgument(nameof(ImportForeignSchemaAttribute.Except)), remoteSchema);
        }

        return new ImportForeignSchemaSpec(server, remoteSchema, localSchema, limitTo.ToEquatableArray(), except.ToEquatableArray());
    }

    /// <summary>The distinct names of an array argument, each checked as an identifier (<paramref name="what"/> names it in the message).</summary>
    private static List<string> NameList(AttributeData attribute, string name, string what, ProblemList problems)
    {
        var names = new List<string>();
        if (attribute.Named(name) is not { Kind: TypedConstantKind.Array, IsNull: false } array)
        {
            return names;
        }

        foreach (var item in array.Values)
        {
            var value = item.Kind == TypedConstantKind.Error ? null : item.Value as string;
            ModelParser.CheckIdentifier(what, value ?? "", attribute.AtNamedArgument(name), problems);
            if (value is not null && !names.Contains(value))
            {
                names.Add(value);
            }
        }

        return names;
    }

    private static string Format(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
