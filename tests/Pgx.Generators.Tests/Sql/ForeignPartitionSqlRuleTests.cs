using System.Threading.Tasks;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0108 (ON CONFLICT into a table with partitions on other servers) and PGX0106 (a partition on another server
/// joined with a table of a third server), and what they leave alone.
/// </summary>
public sealed class ForeignPartitionSqlRuleTests : RuleTests
{
    private const string Models = """
        [assembly: ForeignServer("shard_eu")]
        [assembly: ForeignServer("shard_us")]
        [assembly: ForeignServer("app_db")]

        [PgTable("orders")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("orders_us", "US")]
        [ListPartition("orders_eu", "EU", Server = "shard_eu")]
        [ListPartition("orders_us2", "US2", Server = "shard_us")]
        public sealed record Order([property: PgKey] long Id, string Region, decimal Amount);

        [PgTable("local_orders")]
        [PartitionBy(nameof(Region), PartitionKind.List)]
        [ListPartition("local_orders_us", "US")]
        public sealed record LocalOrder([property: PgKey] long Id, string Region, decimal Amount);

        [PgTable("users", Schema = "app")]
        [ForeignTable("app_db")]
        public sealed record User([property: PgKey] int Id, string Email);

        """;

    public ForeignPartitionSqlRuleTests()
        : base("PGX0106", "PGX0108")
    {
    }

    [Fact]
    public Task PGX0108_fires_on_a_conflict_target_or_do_update_into_a_table_with_a_foreign_partition() =>
        VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"INSERT INTO orders (id, region, amount) VALUES (@id, 'EU', 1) ON CONFLICT (id, region) DO UPDATE SET amount = excluded.amount"|});
                connection.Execute({|#1:"INSERT INTO public.orders (id, region, amount) VALUES (@id, 'EU', 1) ON CONFLICT (id, region) DO NOTHING"|});
                connection.Execute({|#2:"INSERT INTO orders AS o (id, region, amount) VALUES (@id, 'EU', 1) ON CONFLICT ON CONSTRAINT orders_pkey DO NOTHING"|});
                connection.Execute("INSERT INTO orders (id, region, amount) VALUES (@id, 'EU', 1) ON CONFLICT DO NOTHING");
                connection.Execute("INSERT INTO orders (id, region, amount) VALUES (@id, 'EU', 1) ON CONFLICT /* any */ DO NOTHING");
                connection.Execute("INSERT INTO local_orders (id, region, amount) VALUES (@id, 'US', 1) ON CONFLICT (id, region) DO UPDATE SET amount = excluded.amount");
                connection.Execute("INSERT INTO orders (id, region, amount) VALUES (@id, 'EU', 1)");
                """,
                models: Models),
            Diagnostic("PGX0108", 0, "public.orders", "public.orders_eu", "shard_eu"),
            Diagnostic("PGX0108", 1, "public.orders", "public.orders_eu", "shard_eu"),
            Diagnostic("PGX0108", 2, "public.orders", "public.orders_eu", "shard_eu"));

    [Fact]
    public Task PGX0106_fires_on_a_partition_on_another_server_joined_with_a_table_of_a_third_one() =>
        VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"SELECT count(*) FROM orders_eu o JOIN app.users u ON u.id = o.id::int"|});
                connection.Execute({|#1:"SELECT count(*) FROM orders_eu e, orders_us2 u WHERE e.id = u.id"|});
                connection.Execute("SELECT count(*) FROM orders_eu e JOIN orders_eu f ON e.id = f.id");
                connection.Execute("SELECT count(*) FROM orders_us o JOIN app.users u ON u.id = o.id::int");
                connection.Execute("SELECT count(*) FROM orders_eu WHERE id = ANY (ARRAY(SELECT id FROM app.users))");
                """,
                models: Models),
            Diagnostic("PGX0106", 0, "public.orders_eu", "shard_eu", "app.users", "app_db"),
            Diagnostic("PGX0106", 1, "public.orders_eu", "shard_eu", "public.orders_us2", "shard_us"));
}
