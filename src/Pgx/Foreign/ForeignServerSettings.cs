using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx;

/// <summary>
/// Turns <see cref="PgxApplyOptions.ForeignServers"/> and the attribute defaults into the transaction-local
/// settings (<c>pgx.&lt;prefix&gt;_host</c> …) that the refresh statements read. The values travel as COPY
/// data, never as SQL text or query parameters: <c>log_statement</c>, duration logs and pgaudit show statements
/// and parameters, never COPY data, so no statement text that PostgreSQL can log carries a password.
/// </summary>
internal static class ForeignServerSettings
{
    private const string Table = "pg_temp.pgx_foreign_settings";
    /// <summary>The options each server's settings are named after, in the order the statements read them.</summary>
    public static readonly string[] OptionNames = { "host", "port", "dbname", "user", "password" };

    /// <summary>
    /// Resolves every server's settings, or throws before anything runs when a server has no user or password.
    /// </summary>
    /// <returns>Setting names and values, in parallel arrays.</returns>
    public static (string[] Names, string[] Values) Resolve(ForeignSchemaDefinition foreign, PgxApplyOptions options)
    {
        var names = new List<string>();
        var values = new List<string>();
        foreach (var server in foreign.Servers)
        {
            options.ForeignServers.TryGetValue(server.Name, out var supplied);
            var user = supplied?.User;
            var password = supplied?.Password;
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
            {
                var missing = supplied is null ? "User and Password" : string.IsNullOrEmpty(user) ? "User" : "Password";
                throw new InvalidOperationException(
                    $"The foreign server '{server.Name}' has no {missing}: set PgxApplyOptions.ForeignServers[\"{server.Name}\"] " +
                    "(e.g. ForeignServerOptions.FromConnectionString(appConnectionString)) before applying. Nothing was applied.");
            }

            var port = supplied!.Port ?? (server.DefaultPort > 0 ? server.DefaultPort : null);
            Add(server, "host", supplied.Host ?? server.DefaultHost ?? "");
            Add(server, "port", port?.ToString(CultureInfo.InvariantCulture) ?? "");
            Add(server, "dbname", supplied.DbName ?? server.DefaultDbName ?? "");
            Add(server, "user", user!);
            Add(server, "password", password!);
        }

        return (names.ToArray(), values.ToArray());

        void Add(ForeignServerDefinition server, string option, string value)
        {
            names.Add(SettingName(server, option));
            values.Add(value);
        }
    }

    /// <summary>The transaction-local setting that carries <paramref name="option"/> of <paramref name="server"/>.</summary>
    public static string SettingName(ForeignServerDefinition server, string option) => "pgx." + server.VariablePrefix + "_" + option;

    /// <summary>
    /// Makes the settings transaction-local: COPY into a temporary table, then <c>set_config</c> from it inside a
    /// <c>DO</c> block (so not even the result goes back to the client), and the table is dropped.
    /// </summary>
    public static async Task SetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, (string[] Names, string[] Values) settings, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        if (settings.Names.Length == 0)
        {
            return;
        }

        await PgxSchemaApplier.ExecuteAsync(connection, transaction, "CREATE TEMPORARY TABLE pgx_foreign_settings (setting text NOT NULL, value text NOT NULL) ON COMMIT DROP", options, cancellationToken).ConfigureAwait(false);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY " + Table + " (setting, value) FROM STDIN (FORMAT binary)", cancellationToken).ConfigureAwait(false))
        {
            copy.Timeout = TimeSpan.FromSeconds(options.CommandTimeoutSeconds);
            for (var i = 0; i < settings.Names.Length; i++)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(settings.Names[i], NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(settings.Values[i], NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await PgxSchemaApplier.ExecuteAsync(connection, transaction, "DO $pgx$ BEGIN PERFORM pg_catalog.set_config(s.setting, s.value, true) FROM " + Table + " s; DROP TABLE " + Table + "; END $pgx$", options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Blanks the settings again, so nothing later in the transaction can read a password.</summary>
    public static async Task ClearAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] names, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        if (names.Length == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("SELECT pg_catalog.set_config(name, '', true) FROM pg_catalog.unnest($1) AS name", connection, transaction)
        {
            CommandTimeout = options.CommandTimeoutSeconds,
        };
        command.Parameters.Add(new NpgsqlParameter { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
