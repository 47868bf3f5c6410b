using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// The build's pgx.shard.&lt;server&gt;.sql: the tables behind each server's foreign partitions, for a team that applies
/// with psql instead of ApplyAsync. Run on the servers, then pgx.schema.sql and pgx.foreign.sql on the coordinator, they
/// build what ApplyAsync builds.
/// </summary>
public sealed class ShardArtifactTests : IClassFixture<ShardClusters>
{
    private readonly ShardClusters _clusters;

    public ShardArtifactTests(ShardClusters clusters) => _clusters = clusters;

    private static string Artifact(string name) => Path.Combine(AppContext.BaseDirectory, "sql", name);

    [Fact]
    public async Task Psql_applies_each_servers_artifact_twice_and_the_coordinators_scripts_then_reach_those_tables()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "psql");
        var shardA = File.ReadAllText(Artifact("pgx.shard.shard_a.sql"));
        Assert.Contains("CREATE TABLE IF NOT EXISTS public.orders_eu", shardA);
        Assert.DoesNotContain("orders_us", shardA);
        Assert.DoesNotContain(_clusters.ShardPassword.Split(' ')[^1], shardA);

        foreach (var (server, connection) in new[] { ("shard_a", db.ShardA.ConnectionString), ("shard_b", db.ShardB.ConnectionString) })
        {
            for (var run = 0; run < 2; run++)
            {
                var result = await PostgresClient.PsqlFileAsync(WithPassword(connection, server, db), Artifact("pgx.shard." + server + ".sql"));
                Assert.True(result.ExitCode == 0, result.ToString());
            }
        }

        Assert.Equal(5L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")); // events_p0/p2, orders_eu, visits_p0/p2
        var schema = await PostgresClient.PsqlFileAsync(db.Coordinator.ConnectionString, Artifact("pgx.schema.sql"));
        Assert.True(schema.ExitCode == 0, schema.ToString());
        var variables = new Dictionary<string, string>();
        foreach (var (server, options) in db.Options.ForeignServers)
        {
            variables[server + "_host"] = options.Host!;
            variables[server + "_port"] = options.Port!.Value.ToString(CultureInfo.InvariantCulture);
            variables[server + "_dbname"] = options.DbName!;
            variables[server + "_user"] = options.User!;
            variables[server + "_password"] = options.Password!;
        }

        var foreign = await PostgresClient.PsqlFileAsync(db.Coordinator.ConnectionString, Artifact("pgx.foreign.sql"), variables);
        Assert.True(foreign.ExitCode == 0, foreign.ToString());

        var order = await new OrderRepository(db.Coordinator).InsertAsync(new Order(0, "EU", 7, 1m, DateTimeOffset.UnixEpoch));
        Assert.Equal(1L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu WHERE id = $1", order.Id));
        var plan = await PgxSchema.PlanAsync(db.Coordinator, db.Options);
        Assert.All(plan.ShardPlans.Values, p => Assert.True(p.IsEmpty, p.ToString()));
    }

    // NpgsqlDataSource.ConnectionString leaves the password out.
    private static string WithPassword(string connection, string server, ShardedDatabase db) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connection) { Password = db.Options.ForeignServers[server].Password }.ConnectionString;
}
