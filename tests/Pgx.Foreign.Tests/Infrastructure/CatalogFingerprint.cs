namespace Pgx.Foreign.Tests.Infrastructure;

/// <summary>
/// The foreign objects of a database with the transaction id that last wrote each catalog row: if a re-apply
/// changed a server, a mapping, a foreign table or one of its columns, the fingerprint changes.
/// </summary>
internal static class CatalogFingerprint
{
    public const string Query = """
        SELECT string_agg(item, E'\n' ORDER BY item) FROM (
            SELECT 'server ' || srvname || ' ' || array_to_string(srvoptions, ',') || ' xmin=' || xmin::text AS item FROM pg_foreign_server
            UNION ALL
            SELECT 'mapping ' || umserver::text || ' ' || umuser::text || ' xmin=' || xmin::text FROM pg_user_mapping
            UNION ALL
            SELECT 'class ' || c.oid::regclass::text || ' ' || c.oid::text || ' ' || c.relkind::text || ' xmin=' || c.xmin::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
            UNION ALL
            SELECT 'foreign ' || ftrelid::regclass::text || ' ' || array_to_string(ftoptions, ',') || ' xmin=' || xmin::text FROM pg_foreign_table
            UNION ALL
            SELECT 'column ' || a.attrelid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' xmin=' || a.xmin::text
            FROM pg_attribute a JOIN pg_foreign_table t ON t.ftrelid = a.attrelid WHERE a.attnum > 0
            UNION ALL
            SELECT 'namespace ' || nspname || ' xmin=' || xmin::text FROM pg_namespace WHERE nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'
        ) items
        """;
}
