using System.Text;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// Names of a server's run-time settings: psql variables <c>&lt;prefix&gt;_host</c> … in <c>ForeignSql</c>, and the
/// transaction-local settings <c>pgx.&lt;prefix&gt;_host</c> … that the statements read. The prefix is the server
/// name when that is a plain lower-case name; otherwise a sanitized name plus a hash, because psql variables
/// and setting names accept only letters, digits and underscores (and settings fold case).
/// </summary>
internal static class ForeignVariables
{
    /// <summary>Run-time options per server, in the order the statements read them (mirrors the runtime).</summary>
    public static readonly string[] Options = { "host", "port", "dbname", "user", "password" };

    /// <summary>The prefix for <paramref name="server"/>.</summary>
    public static string Prefix(string server)
    {
        if (IsPlain(server))
        {
            return server;
        }

        var builder = new StringBuilder();
        foreach (var c in server.ToLowerInvariant())
        {
            builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_');
        }

        if (builder.Length == 0 || builder[0] is >= '0' and <= '9')
        {
            builder.Insert(0, "server_");
        }

        return builder + "_" + Names.StableHash(server).ToString("x8");
    }

    /// <summary>The psql variable of <paramref name="option"/>, e.g. <c>app_db_password</c>.</summary>
    public static string Variable(string server, string option) => Prefix(server) + "_" + option;

    /// <summary>The transaction-local setting of <paramref name="option"/>, e.g. <c>pgx.app_db_password</c>.</summary>
    public static string Setting(string server, string option) => "pgx." + Variable(server, option);

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || !(name[0] is >= 'a' and <= 'z' || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
