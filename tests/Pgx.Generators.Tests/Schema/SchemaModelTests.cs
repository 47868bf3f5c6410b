using System;
using System.Linq;
using Pgx.Generators.Tests.Harness;
using Pgx.Schema;

namespace Pgx.Generators.Tests.Schema;

/// <summary>The desired schema as data: its JSON form, and the model the generator emits as <c>PgxSchema.Model</c>.</summary>
public sealed class SchemaModelTests
{
    private static readonly string[] GoldenModels = { Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange };

    [Fact]
    public void Json_round_trips_every_field_to_the_same_bytes()
    {
        var model = new SchemaModel
        {
            Schemas = { "sales" },
            MirrorSql = "DO $$ BEGIN END $$;\n",
            Tables =
            {
                new TableModel
                {
                    Schema = "sales",
                    Name = "Order \"x\"",
                    Columns =
                    {
                        new ColumnModel { Name = "id", Type = "bigint", NotNull = true, Default = "nextval('sales.order_id_seq'::regclass)" },
                        new ColumnModel { Name = "note", Type = "text", RenamedFrom = "remark\u0001\\" },
                    },
                    PrimaryKeyName = "order_pkey",
                    PrimaryKey = { "id", "region" },
                    Sequence = new SequenceModel { Schema = "sales", Name = "order_id_seq", Column = "id", Type = "bigint", OwnedByTable = true },
                    Indexes = { new IndexModel { Name = "order_note_idx", Columns = { "note" }, ExplicitName = true, Valid = false } },
                    Partitioning = new PartitioningModel
                    {
                        Kind = "range",
                        Routing = "trigger",
                        KeyColumn = "at",
                        RoutingFunction = "order_insert_trigger",
                        RoutingFunctionSql = "CREATE OR REPLACE FUNCTION …",
                        RoutingFunctionBody = "\nBEGIN\n\tRETURN NULL;\nEND\n",
                        Partitions =
                        {
                            new PartitionModel { Name = "p1", From = "'2026-01-01'", To = "MAXVALUE", CheckName = "p1_partition_check", Check = "at >= '2026-01-01'", PrimaryKey = { "id" }, PrimaryKeyName = "p1_pkey", Indexes = { new IndexModel { Name = "p1_note_idx", Columns = { "note" } } }, CreateSql = "CREATE TABLE …" },
                            new PartitionModel { Name = "p2", Values = { "1", "'a'" }, Modulus = 4, Remainder = 3, Bound = "FOR VALUES IN (1)" },
                            new PartitionModel { Name = "d", IsDefault = true, Bound = "DEFAULT" },
                        },
                    },
                    CreateSql = "CREATE TABLE IF NOT EXISTS sales.\"Order \"\"x\"\"\" ();\n",
                },
            },
        };

        var json = SchemaJson.Write(model);
        var again = SchemaJson.Write(SchemaJson.Read(json));

        Assert.Equal(json, again);
        var read = SchemaJson.Read(json);
        Assert.Equal("remark\u0001\\", read.Tables[0].Columns[1].RenamedFrom);
        Assert.False(read.Tables[0].Indexes[0].Valid);
        Assert.Equal("\nBEGIN\n\tRETURN NULL;\nEND\n", read.Tables[0].Partitioning!.RoutingFunctionBody);
        Assert.Equal(new[] { "1", "'a'" }, read.Tables[0].Partitioning!.Partitions[1].Values);
        Assert.Equal(3, read.Tables[0].Partitioning!.Partitions[1].Remainder);
        Assert.True(read.Tables[0].Partitioning!.Partitions[2].IsDefault);
        Assert.Contains("\\u0001", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_properties_are_written_in_ordinal_order()
    {
        var json = SchemaJson.Write(new SchemaModel { Tables = { new TableModel { Name = "t", Columns = { new ColumnModel { Name = "a", Type = "integer" } } } } });
        var names = json.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("\"", StringComparison.Ordinal) && l.Contains("\": ", StringComparison.Ordinal))
            .Select(l => l.Substring(0, l.IndexOf("\": ", StringComparison.Ordinal))).ToList();

        Assert.Equal(new[] { "\"formatVersion", "\"mirrorSql", "\"schemas", "\"tables" }, names.Take(4));
        Assert.Equal(new[] { "\"columns", "\"name", "\"notNull", "\"type" }, names.Skip(4).Take(4));
    }

    [Fact]
    public void Json_reader_ignores_unknown_properties_and_refuses_a_newer_format()
    {
        var model = SchemaJson.Read("""{ "formatVersion": 1, "futureThing": [1, {"x": null}], "tables": [ { "name": "t", "whatever": true, "columns": [] } ] }""");
        Assert.Equal("t", model.Tables.Single().Name);
        Assert.Equal("public", model.Tables.Single().Schema);

        var newer = Assert.Throws<FormatException>(() => SchemaJson.Read("""{ "formatVersion": 99, "tables": [] }"""));
        Assert.Contains("format version 99", newer.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => SchemaJson.Read("""{ "formatVersion": 1, "tables": [ }"""));
    }

    [Theory]
    [InlineData("int4", "integer")]
    [InlineData("INT", "integer")]
    [InlineData("int8", "bigint")]
    [InlineData("bool", "boolean")]
    [InlineData("float8", "double precision")]
    [InlineData("float(10)", "real")]
    [InlineData("timestamptz", "timestamp with time zone")]
    [InlineData("timestamp", "timestamp without time zone")]
    [InlineData("timestamptz(3)", "timestamp(3) with time zone")]
    [InlineData("timestamp(3) with time zone", "timestamp(3) with time zone")]
    [InlineData("time", "time without time zone")]
    [InlineData("varchar(20)", "character varying(20)")]
    [InlineData("char", "character(1)")]
    [InlineData("decimal(12, 2)", "numeric(12,2)")]
    [InlineData("numeric", "numeric")]
    [InlineData("int[]", "integer[]")]
    [InlineData("text", "text")]
    [InlineData("public.\"MyType\"", "public.\"MyType\"")]
    public void Type_names_take_format_type_spelling(string written, string formatType)
    {
        Assert.Equal(formatType, PgTypeSpelling.Normalize(written));
    }

    [Fact]
    public void Generator_emits_the_model_of_the_golden_records_deterministically()
    {
        var first = GeneratorRun.Of(GoldenModels);
        var second = GeneratorRun.Of(GoldenModels.Reverse().ToArray());

        Assert.Empty(first.CompilationDiagnostics);
        var json = first.ConstantOf("Pgx.Generated.PgxSchema", "Model");
        Assert.Equal(json, second.ConstantOf("Pgx.Generated.PgxSchema", "Model"));
        Assert.Equal(json, SchemaJson.Write(SchemaJson.Read(json)));

        var model = SchemaJson.Read(json);
        Assert.Equal(new[] { "ledger.entries", "public.sensor_reading", "public.t", "sales.Order", "telemetry.events" }.OrderBy(n => n, StringComparer.Ordinal),
            model.Tables.Select(t => t.Schema + "." + t.Name));
        var t = model.Tables.Single(x => x.Name == "t");
        Assert.Equal(new[] { "id bigint NOT NULL", "p integer NOT NULL", "value text NULL" }, t.Columns.Select(c => c.Name + " " + c.Type + (c.NotNull ? " NOT NULL" : " NULL")));
        Assert.Equal("nextval('public.t_id_seq'::regclass)", t.Columns[0].Default);
        Assert.Equal("trigger", t.Partitioning!.Routing);
        Assert.Equal(new[] { "t1", "t2" }, t.Partitioning.Partitions.Select(p => p.Name));
        Assert.Equal("p = 1", t.Partitioning.Partitions[0].Check);
        Assert.Equal("t_insert_trigger", t.Partitioning.RoutingFunction);
        Assert.StartsWith("CREATE OR REPLACE FUNCTION public.t_insert_trigger()", t.Partitioning.RoutingFunctionSql, StringComparison.Ordinal);
        Assert.Contains(t.Partitioning.RoutingFunctionBody!, t.Partitioning.RoutingFunctionSql, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS public.t1 (", t.Partitioning.Partitions[0].CreateSql, StringComparison.Ordinal);
        Assert.Contains("-- public.t (Shop.T)", t.CreateSql, StringComparison.Ordinal);

        var events = model.Tables.Single(x => x.Name == "events");
        Assert.Equal("timestamp with time zone", events.Columns.Single(c => c.Name == "occurred_at").Type);
        Assert.Contains(events.Partitioning!.Partitions, p => p.IsDefault && p.Bound == "DEFAULT");
        Assert.All(events.Partitioning.Partitions.Where(p => !p.IsDefault), p => Assert.StartsWith("FOR VALUES FROM (", p.Bound, StringComparison.Ordinal));
        Assert.Contains("DO $", model.MirrorSql, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_golden_model_plans_empty_after_an_apply_with_rows_in_its_tables()
    {
        await using var db = await ModelVersion.DatabaseAsync("golden_models");
        var model = ModelVersion.Compile(GoldenModels);
        Assert.False((await model.PlanAsync(db)).IsEmpty);

        await model.ApplyAsync(db);
        await Pgx.Testing.Sql.ExecuteAsync(db, """
            INSERT INTO t (p, value) VALUES (1, 'a'), (2, 'b');
            INSERT INTO telemetry.events (occurred_at, device_id, reading) VALUES ('2026-10-15', gen_random_uuid(), 1), ('2027-01-01', gen_random_uuid(), 2);
            INSERT INTO ledger.entries (booked_on, account, amount) SELECT '2025-06-01'::date + i, 'cash', i FROM generate_series(1, 10) i;
            """);

        var plan = await model.PlanAsync(db);
        Assert.True(plan.IsEmpty, plan.ToString());
        Assert.Empty(await model.CheckDriftAsync(db));
    }
}
