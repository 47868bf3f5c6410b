using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Testing;

/// <summary>
/// Counts the statements postgres_fdw sends to a table on another server: each remote <c>INSERT</c> (one per row for
/// a <c>COPY</c> on PostgreSQL 15, one per <c>batch_size</c> rows for an <c>INSERT</c>) fires a statement trigger once.
/// </summary>
public static class RemoteStatements
{
    /// <summary>
    /// Adds the counting trigger to <paramref name="table"/> on <paramref name="server"/>. Its function runs as its owner,
    /// since the role postgres_fdw logs in as may be allowed to write that table only, and names its own table in full,
    /// since postgres_fdw sessions run with <c>search_path = pg_catalog</c>.
    /// </summary>
    public static Task CountInsertsIntoAsync(NpgsqlDataSource server, string table) => Sql.ExecuteFormattedAsync(server,
        """
        CREATE TABLE public.remote_statements (n int NOT NULL);
        CREATE FUNCTION public.count_remote_statement() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN INSERT INTO public.remote_statements VALUES (1); RETURN NULL; END $$;
        CREATE TRIGGER count_remote_statement AFTER INSERT ON %I FOR EACH STATEMENT EXECUTE FUNCTION public.count_remote_statement();
        """,
        table);

    /// <summary>How many statements have reached the table since <see cref="CountInsertsIntoAsync"/>.</summary>
    public static Task<long> CountAsync(NpgsqlDataSource server) => server.ScalarAsync<long>("SELECT count(*) FROM public.remote_statements");
}
