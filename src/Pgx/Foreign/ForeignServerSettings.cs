using System;
using System.Collections.Generic;
using System.Globalization;

namespace Pgx;

/// <summary>
/// Turns <see cref="PgxApplyOptions.ForeignServers"/> and the attribute defaults into the transaction-local
/// settings (<c>pgx.&lt;prefix&gt;_host</c> …) that the refresh statements read. The values travel as query
/// parameters, never as SQL text, so no statement that PostgreSQL logs as DDL carries a password.
/// </summary>
internal static class ForeignServerSettings
{
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
}
