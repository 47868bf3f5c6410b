using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Tests.Infrastructure;

/// <summary>
/// What trigger tests observe: a table <c>audit (table_name, id)</c> in a schema, and an <c>AFTER INSERT</c> row trigger
/// <c>audit_insert</c> on parent tables of that schema that records the table each row is stored in and its id.
/// </summary>
internal static class RowAudit
{
    /// <summary>Creates <c><paramref name="schema"/>.audit</c> and the trigger on each of <paramref name="tables"/>.</summary>
    public static async Task CreateAsync(NpgsqlDataSource db, string schema, params string[] tables)
    {
        await Sql.ExecuteFormattedAsync(db, "CREATE TABLE %I.audit (table_name text NOT NULL, id bigint NOT NULL)", schema);
        var body = await db.ScalarAsync<string>("SELECT format('BEGIN INSERT INTO %I.audit VALUES (TG_TABLE_NAME, NEW.id); RETURN NULL; END', $1::text)", schema);
        await Sql.ExecuteFormattedAsync(db, "CREATE FUNCTION %I.audit_row() RETURNS trigger LANGUAGE plpgsql AS %L", schema, body);
        foreach (var table in tables)
        {
            await Sql.ExecuteFormattedAsync(db, "CREATE TRIGGER audit_insert AFTER INSERT ON %1$I.%2$I FOR EACH ROW EXECUTE FUNCTION %1$I.audit_row()", schema, table);
        }
    }
}
