using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Tests.Harness;
using Pgx.Generators.Tests.Sql;
using Pgx.Testing;

namespace Pgx.Generators.Tests.Schema;

/// <summary>
/// The table of "When Your Postgres Database and ORM Collide: Partitioning", built by hand as the article builds it
/// (its DDL made valid: <c>id serial PRIMARY KEY</c>), with 25 children: adopted by a record that routes by trigger,
/// then converted in place to declarative LIST partitioning while writers insert.
/// </summary>
public sealed class TriggerConversionEvolutionTests
{
    private const int Children = 25;
    private const int RowsPerChild = 40_000;

    private const string Checksum = "SELECT md5(string_agg(id || ':' || p || ':' || coalesce(value, '-'), ',' ORDER BY id)) FROM t WHERE id <= $1";

    /// <summary>
    /// The article's tables, function and trigger, with 25 children and rows in each, and 2 rows in the parent itself.
    /// The key is INTEGER where the article has NUMERIC: a LIST key of a record is integral (PGX0016, PGX0026).
    /// </summary>
    private static string ArticleDdl()
    {
        var sql = new StringBuilder("CREATE TABLE t ( id serial PRIMARY KEY, p INTEGER, value VARCHAR );\n");
        var routes = new StringBuilder();
        for (var i = 1; i <= Children; i++)
        {
            sql.Append("CREATE TABLE t").Append(i).Append(" (CHECK (p = ").Append(i).Append(")) INHERITS (t);\n");
            routes.Append(i == 1 ? "IF" : "ELSIF").Append(" ( NEW.p = ").Append(i).Append(" ) THEN INSERT INTO t").Append(i).Append(" VALUES (NEW.*); ");
        }

        // Rows that reached the parent before the trigger existed.
        sql.Append("INSERT INTO t (p, value) VALUES (3, 'early'), (7, 'early');\n");
        sql.Append("CREATE OR REPLACE FUNCTION t_partition_router() RETURNS TRIGGER AS $$ BEGIN ").Append(routes)
            .Append("ELSE RAISE EXCEPTION 'p out of range'; END IF; RETURN NULL; END; $$ LANGUAGE plpgsql;\n");
        sql.Append("CREATE TRIGGER trigger_t BEFORE INSERT ON t FOR EACH ROW EXECUTE PROCEDURE t_partition_router();\n");
        sql.Append("DO $$ BEGIN FOR c IN 1..").Append(Children).Append(" LOOP EXECUTE format('INSERT INTO %I (p, value) SELECT %s, ''v'' || g FROM generate_series(1, ")
            .Append(RowsPerChild).Append(") g', 't' || c, c); END LOOP; END $$;\n");
        sql.Append("GRANT SELECT ON t TO PUBLIC; COMMENT ON TABLE t IS 'the article''s table';\n");
        return sql.ToString();
    }

    private static string Model(bool trigger, int children = Children)
    {
        var partitions = string.Join("\n", Enumerable.Range(1, children).Select(i => "[ListPartition(\"t" + i + "\", " + i + ")]"));
        return """
            using Pgx;
            namespace Shop;
            [PgTable("t")]
            [PartitionBy(nameof(P), PartitionKind.List
            """ + (trigger ? ", Routing = PartitionRouting.Trigger" : "") + ")]\n" + partitions + "\n" + """
            [PgIndex(nameof(Value))]
            public sealed record T([property: PgKey] int Id, int P, [property: PgColumn(Type = "varchar")] string? Value);
            """;
    }

    [Fact]
    public async Task The_articles_hand_made_table_is_adopted_then_converted_to_declarative_in_place_while_writers_insert()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_convert");
        await db.ExecuteAsync(ArticleDdl());
        var total = Children * (long)RowsPerChild + 2;
        var lastId = await db.ScalarAsync<int>("SELECT max(id) FROM t");
        var checksum = await db.ScalarAsync<string>(Checksum, lastId);

        // Adopt: only what differs from the model; nothing created again, no child's rows moved.
        var v1 = ModelVersion.Compile(Model(trigger: true));
        var adopt = await v1.PlanAsync(db);
        var descriptions = adopt.Steps.Select(s => s.Description).ToList();
        Assert.DoesNotContain(descriptions, d => d.StartsWith("Create", StringComparison.Ordinal) && !d.StartsWith("Create index", StringComparison.Ordinal));
        Assert.DoesNotContain(adopt.Steps, s => (s.Hazards & (PgxHazard.DataLoss | PgxHazard.TableRewrite)) != 0);
        Assert.Equal(Children, descriptions.Count(d => d.StartsWith("Rename CHECK t", StringComparison.Ordinal)));
        Assert.Contains("Rename CHECK t1_p_check of child table public.t1 to t1_partition_check (it already holds p = 1)", descriptions);
        Assert.Contains("Route the rows of public.t with Pgx's trigger t_insert_trigger instead of trigger_t (function public.t_partition_router), in one transaction", descriptions);
        Assert.Contains(descriptions, d => d.StartsWith("Build the unique index of the new primary key (id) on public.t25", StringComparison.Ordinal));
        Assert.Contains(descriptions, d => d.StartsWith("Create index public.t25_value_idx on public.t25", StringComparison.Ordinal));
        var moves = Assert.Single(adopt.Steps, s => s.Hazards.HasFlag(PgxHazard.MovesRows));
        Assert.Equal("Move the 2 rows in public.t itself (ONLY) into its child tables through the routing trigger", moves.Description);
        Assert.Contains("public.t: 2 rows in the parent table itself, outside its child tables", (await v1.CheckDriftAsync(db)).Select(d => d.ToString()));

        await v1.ApplyAsync(db);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t"));
        Assert.Equal(RowsPerChild + 1L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY t3"));
        Assert.Equal(total, await db.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum, lastId));
        Assert.Equal(new[] { "t_insert_trigger" }, await db.ColumnAsync("SELECT tgname::text FROM pg_trigger WHERE tgrelid = 't'::regclass AND NOT tgisinternal"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname = 't_partition_router'"));
        Assert.Equal("PRIMARY KEY (id)", await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 't17'::regclass AND contype = 'p'"));
        Assert.True((await v1.PlanAsync(db)).IsEmpty);
        Assert.Empty(await RowsAsync(db, "INSERT INTO t (p, value) VALUES (4, 'trigger') RETURNING *"));

        // Convert. The server's own evidence that no child is scanned: a dry run of the locking step at DEBUG1, rolled back.
        var v2 = ModelVersion.Compile(Model(trigger: false));
        var convert = await v2.PlanAsync(db);
        var swap = Assert.Single(convert.Steps, s => s.Hazards.HasFlag(PgxHazard.LongLock));
        Assert.StartsWith("Convert public.t from trigger routing to declarative LIST partitioning in place, in one transaction that holds an ACCESS EXCLUSIVE lock on public.t and its 25 child tables", swap.Description, StringComparison.Ordinal);
        Assert.Same(swap, convert.Steps[^1]);
        Assert.All(convert.Steps.Take(convert.Steps.Count - 1), s => Assert.False(s.RunsInTransaction));
        var notices = await DryRunAsync(db, convert);
        for (var i = 1; i <= Children; i++)
        {
            Assert.Contains("partition constraint for table \"t" + i + "\" is implied by existing constraints", notices);
        }

        // Four writers insert through the parent all along; the conversion makes them wait, nothing more.
        using var stop = new CancellationTokenSource();
        var errors = new ConcurrentQueue<Exception>();
        var inserted = new long[4];
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    await using var insert = new NpgsqlCommand("INSERT INTO t (p, value) VALUES ($1, 'writer')", connection);
                    insert.Parameters.Add(new NpgsqlParameter { Value = 1 + (((w * 7) + n) % Children) });
                    await insert.ExecuteNonQueryAsync();
                    inserted[w]++;
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToArray();
        while (inserted.Sum() < 200)
        {
            await Task.Delay(10);
        }

        var report = await v2.ApplyAsync(db);
        var during = inserted.Sum();
        while (inserted.Sum() < during + 200)
        {
            await Task.Delay(10);
        }

        stop.Cancel();
        await Task.WhenAll(writers);
        Assert.Empty(errors);
        Assert.Contains(report.Steps, s => s.Step.Description == swap.Description);

        Assert.Equal("p", await db.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 't'::regclass"));
        Assert.Equal(Children, await db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 't'::regclass AND c.relispartition"));
        Assert.Equal(total + 1 + inserted.Sum(), await db.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.Equal(checksum, await db.ScalarAsync<string>(Checksum, lastId));
        Assert.Equal("PRIMARY KEY (id, p)", await db.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'p'"));
        Assert.Equal("public.t_id_seq", await db.ScalarAsync<string>("SELECT pg_get_serial_sequence('t', 'id')"));
        Assert.Equal("the article's table", await db.ScalarAsync<string>("SELECT obj_description('t'::regclass, 'pg_class')"));
        Assert.True(await db.ScalarAsync<bool>("SELECT has_table_privilege('public', 't', 'SELECT')"));
        Assert.Empty(await db.ColumnAsync("SELECT tgname::text FROM pg_trigger WHERE tgrelid = 't'::regclass AND NOT tgisinternal"));
        Assert.Empty(await db.ColumnAsync("SELECT proname::text FROM pg_proc WHERE proname IN ('t_insert_trigger', 't_partition_router')"));
        Assert.Empty(await db.ColumnAsync("SELECT conname::text FROM pg_constraint WHERE conrelid = 't9'::regclass AND contype = 'c'"));
        Assert.True((await v2.PlanAsync(db)).IsEmpty);

        // INSERT … RETURNING * through the parent returns the row now, and the v2 repository inserts by the new routing.
        var returned = Assert.Single(await RowsAsync(db, "INSERT INTO t (p, value) VALUES (5, 'returning') RETURNING *"));
        Assert.Equal(new[] { "5", "returning" }, returned.Skip(1));
        var repository = v2.Repository("Shop.T", db);
        await ModelVersion.InsertAsync(repository, v2.Row("Shop.T", 0, 12, "repository"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM t12 WHERE value = 'repository'"));

        // The analyzers follow: PGX0101 fires for the trigger-routed record, not for the declarative one.
        const string Returning = """connection.Execute("INSERT INTO t (p, value) VALUES (1, 'x') RETURNING *");""";
        Assert.Contains(await AnalyzerRun.DiagnosticsAsync(SqlCallSiteSources.Method(Returning, models: Model(trigger: true).Replace("using Pgx;\nnamespace Shop;\n", ""))), d => d.Id == "PGX0101");
        Assert.DoesNotContain(await AnalyzerRun.DiagnosticsAsync(SqlCallSiteSources.Method(Returning, models: Model(trigger: false).Replace("using Pgx;\nnamespace Shop;\n", ""))), d => d.Id == "PGX0101");
    }

    [Fact]
    public async Task Declarative_back_to_trigger_routing_is_refused_naming_the_table()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_reverse");
        await ModelVersion.Compile(Model(trigger: false)).ApplyAsync(db);
        var back = ModelVersion.Compile(Model(trigger: true));

        var step = Assert.Single((await back.PlanAsync(db)).Steps);
        Assert.StartsWith("Refuse: public.t is LIST-partitioned on p but the model wants it routed by a trigger: converting a declaratively partitioned table back to trigger routing is not supported", step.Description, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<PostgresException>(() => back.ApplyAsync(db));
        Assert.Contains("public.t is LIST-partitioned on p", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_whose_check_says_its_bound_another_way_is_refused_by_name_before_anything_changes()
    {
        await using var db = await ModelVersion.DatabaseAsync("trigger_convert_refused");
        await db.ExecuteAsync("""
            CREATE TABLE t ( id serial PRIMARY KEY, p INTEGER NOT NULL, value VARCHAR );
            CREATE TABLE t1 (CHECK (p >= 1 AND p <= 1)) INHERITS (t);
            CREATE TABLE t2 (CHECK (p = 2)) INHERITS (t);
            INSERT INTO t1 (p, value) VALUES (1, 'kept');
            """);
        var model = ModelVersion.Compile(Model(trigger: false, children: 2));

        var refusal = Assert.Single((await model.PlanAsync(db)).Steps);
        Assert.Equal(
            "Refuse: public.t cannot be converted from trigger routing to declarative partitioning in place: child table public.t1 has CHECK (((p >= 1) AND (p <= 1))), not CHECK (\"p\" = 1), "
            + "so attaching it FOR VALUES IN (1) would scan it under an exclusive lock (apply a model that still routes by trigger with these partitions first: it changes the CHECK while writers go on)",
            refusal.Description);
        var error = await Assert.ThrowsAsync<PostgresException>(() => model.ApplyAsync(db));
        Assert.StartsWith("public.t cannot be converted", error.MessageText, StringComparison.Ordinal);
        Assert.Equal("r", await db.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 't'::regclass"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM t"));
    }

    /// <summary>
    /// Runs the plan's concurrent index builds, then its locking step in a transaction at DEBUG1, and rolls that back:
    /// the server's messages say whether ATTACH PARTITION scanned a child or found its CHECK enough.
    /// </summary>
    private static async Task<List<string>> DryRunAsync(NpgsqlDataSource db, PgxPlan plan)
    {
        await using var connection = await db.OpenConnectionAsync();
        foreach (var step in plan.Steps.Where(s => !s.RunsInTransaction))
        {
            // Each statement of a concurrent build is one line, and must run on its own.
            foreach (var statement in step.Sql.Split('\n'))
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var notices = new List<string>();
        connection.Notice += (_, e) => notices.Add(e.Notice.MessageText);
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var debug = new NpgsqlCommand("SET LOCAL client_min_messages = debug1", connection, transaction))
        {
            await debug.ExecuteNonQueryAsync();
        }

        await using (var swap = new NpgsqlCommand(plan.Steps[^1].Sql, connection, transaction))
        {
            await swap.ExecuteNonQueryAsync();
        }

        await transaction.RollbackAsync();
        return notices;
    }

    private static Task<List<string[]>> RowsAsync(NpgsqlDataSource db, string sql) => db.RowsAsync(sql);
}
