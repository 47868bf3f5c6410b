using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>
/// <c>Server</c> on <c>[ListPartition]</c> / <c>[RangePartition]</c> and <c>Servers</c> on <c>[HashPartitions]</c>: which
/// partitions live on other PostgreSQL servers as postgres_fdw foreign partitions. Only declarative partitioning can
/// have them (PostgreSQL routes an INSERT into a foreign partition itself), and every server must be declared.
/// </summary>
internal static class PartitionServers
{
    /// <summary>
    /// Sets <see cref="PartitionSpec.Server"/> on the partitions that name one: <paramref name="attributes"/> are the list or
    /// range attributes, matched to <paramref name="partitions"/> by name; <paramref name="hash"/> spreads hash partition i
    /// over <c>Servers[i % n]</c>.
    /// </summary>
    public static List<PartitionSpec> Place(INamedTypeSymbol type, List<PartitionSpec> partitions, List<AttributeData>? attributes, AttributeData? hash, bool triggerRouted, ProblemList problems)
    {
        if (hash is not null)
        {
            return PlaceHash(type, partitions, hash, triggerRouted, problems);
        }

        if (attributes is null)
        {
            return partitions;
        }

        var servers = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (attribute.NamedString(nameof(ListPartitionAttribute.Server)) is not { } server)
            {
                continue;
            }

            var owner = "[" + (attribute.AttributeClass?.Name.Replace("Attribute", "") ?? "") + "(\"" + attribute.StringArg(0) + "\")]";
            if (Check(type, owner, server, attribute.AtNamedArgument(nameof(ListPartitionAttribute.Server)), triggerRouted, problems))
            {
                servers[attribute.StringArg(0) ?? ""] = server;
            }
        }

        return servers.Count == 0 ? partitions : partitions.Select(p => servers.TryGetValue(p.Name, out var server) ? p with { Server = server } : p).ToList();
    }

    private static List<PartitionSpec> PlaceHash(INamedTypeSymbol type, List<PartitionSpec> partitions, AttributeData hash, bool triggerRouted, ProblemList problems)
    {
        var servers = hash.Named(nameof(HashPartitionsAttribute.Servers));
        if (servers is not { Kind: TypedConstantKind.Array } array || array.IsNull)
        {
            return partitions;
        }

        var location = hash.AtNamedArgument(nameof(HashPartitionsAttribute.Servers));
        var names = array.Values.Select(v => v.Value as string ?? "").ToList();
        if (names.Count == 0)
        {
            problems.Add(Descriptors.MisplacedPartitionServer, location, "[HashPartitions]", type.Name, "Servers is empty; name at least one [assembly: ForeignServer], or remove Servers to keep every partition local");
            return partitions;
        }

        var ok = true;
        foreach (var name in names.Distinct())
        {
            ok &= Check(type, "[HashPartitions]", name, location, triggerRouted, problems);
        }

        return ok ? partitions.Select((p, i) => p with { Server = names[i % names.Count] }).ToList() : partitions;
    }

    private static bool Check(INamedTypeSymbol type, string owner, string server, ProblemLocation location, bool triggerRouted, ProblemList problems)
    {
        ModelParser.CheckIdentifier("foreign server", server, location, problems, type.Name);
        if (server.Length == 0)
        {
            return false;
        }

        if (triggerRouted)
        {
            problems.Add(Descriptors.MisplacedPartitionServer, location, owner, type.Name, "the partition on server '" + server + "' needs declarative routing: a trigger-routed child is an inheriting table that the routing trigger inserts into, and Pgx routes rows to another server only through PostgreSQL's own partition routing; remove Routing = PartitionRouting.Trigger, or the Server");
            return false;
        }

        if (!type.ContainingAssembly.GetAttributes().Any(a => a.Is(KnownAttributes.ForeignServer) && a.StringArg(0) == server))
        {
            problems.Add(Descriptors.UnknownForeignServer, location, server, owner + " on " + type.Name);
            return false;
        }

        return true;
    }
}
