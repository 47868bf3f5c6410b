using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// A HASH table with a text key on a coordinator whose database is not UTF8: PostgreSQL hashes the key's bytes in the
/// coordinator's encoding, which differ from the UTF-8 bytes <see cref="PgxPartitionHash"/> hashes for non-ASCII
/// text, so the repository must let the coordinator place such rows instead of computing the partition itself.
/// </summary>
public sealed class CoordinatorEncodingTests : IClassFixture<ShardClusters>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly ShardClusters _clusters;

    public CoordinatorEncodingTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task On_a_LATIN1_coordinator_text_keyed_rows_land_in_the_partition_postgres_picks_and_are_found_again()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "latin1", coordinatorEncoding: "LATIN1");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.Equal("LATIN1", await db.Coordinator.ScalarAsync<string>("SHOW server_encoding"));
        await using var shards = PgxShardConnections.From(db.Options);
        var visits = new VisitRepository(db.Coordinator, shards);
        var accented = new[] { "é", "ü", "ß", "Zürich", "Ærø", "Malmö", "Besançon", "Córdoba" };
        var countries = accented.Concat(Enumerable.Range(0, 40).Select(i => "é" + i)).Concat(new[] { "EU", "c1" }).ToList();

        var inserted = new List<Visit>();
        foreach (var country in countries.Take(countries.Count / 2))
        {
            inserted.Add(await visits.InsertAsync(new Visit(0, country, Noon)));
        }

        inserted.AddRange(await visits.InsertManyAsync(countries.Skip(countries.Count / 2).Select(c => new Visit(0, c, Noon)).ToList()));

        // Every row is where the coordinator's own hash puts it, and it sees all of them through the parent.
        Assert.Equal(countries.Count, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM visits"));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>(
            "SELECT count(*) FROM visits v WHERE NOT satisfies_hash_partition('public.visits'::regclass, 3, substr(v.tableoid::regclass::text, 9)::int, v.country)"));
        Assert.Equal(countries.Count, (await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM visits_p0")) + (await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM visits_p1"))
            + (await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM visits_p2")));

        // Reads and changes find each row where it is.
        foreach (var row in inserted)
        {
            Assert.Equal(row, await visits.FindAsync(row.Id, row.Country));
        }

        Assert.True(await visits.DeleteAsync(inserted[1].Id, inserted[1].Country));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM visits WHERE id = $1", inserted[1].Id));
    }

    [Fact]
    public async Task The_encoding_is_asked_once_and_a_UTF8_coordinator_hashes_text_in_csharp()
    {
        await using var utf8 = await ShardedDatabase.CreateAsync(_clusters, "utf8");
        await using var latin1 = await ShardedDatabase.CreateAsync(_clusters, "latin1_check", coordinatorEncoding: "LATIN1");
        await using var utf8Shards = PgxShardConnections.From(utf8.Options);
        await using var latin1Shards = PgxShardConnections.From(latin1.Options);

        Assert.True(await utf8Shards.HashesTextAsync(new PgxRepositoryConnection(utf8.Coordinator), default));
        Assert.False(await latin1Shards.HashesTextAsync(new PgxRepositoryConnection(latin1.Coordinator), default));

        // The answer is kept: a coordinator that cannot be reached is not asked again.
        await using var unreachable = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=1");
        Assert.True(await utf8Shards.HashesTextAsync(new PgxRepositoryConnection(unreachable), default));
    }
}
