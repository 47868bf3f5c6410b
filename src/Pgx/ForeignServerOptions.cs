using System;
using Npgsql;

namespace Pgx;

/// <summary>Where a foreign server is and how to log in to it, supplied at run time.</summary>
public sealed class ForeignServerOptions
{
    /// <summary>The remote host.</summary>
    public string? Host { get; set; }

    /// <summary>The remote port.</summary>
    public int? Port { get; set; }

    /// <summary>The remote database.</summary>
    public string? DbName { get; set; }

    /// <summary>The remote user the local user maps to.</summary>
    public string? User { get; set; }

    /// <summary>The remote user's password. Never logged, never written to SQL artifacts.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Reads host, port, database, user and password from an Npgsql connection string, e.g. the app
    /// database's own, the way an application derives its reporting link from its configuration.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The options it describes.</returns>
    public static ForeignServerOptions FromConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new ForeignServerOptions
        {
            Host = builder.Host,
            Port = builder.Port,
            DbName = builder.Database,
            User = builder.Username,
            Password = builder.Password,
        };
    }

    /// <summary>
    /// The options as an Npgsql connection string: what they leave out stays unset (the caller fills in defaults).
    /// The inverse of <see cref="FromConnectionString"/>.
    /// </summary>
    internal NpgsqlConnectionStringBuilder ToConnectionStringBuilder()
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Database = DbName,
            Username = User,
            Password = Password,
        };
        if (Port is { } port)
        {
            builder.Port = port;
        }

        return builder;
    }

    /// <summary>Describes the options without the password.</summary>
    /// <returns>host, port, database and user.</returns>
    public override string ToString() =>
        $"Host={Host}; Port={Port}; DbName={DbName}; User={User}; Password={(Password is null ? "(none)" : "***")}";
}
