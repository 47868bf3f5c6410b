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

    /// <summary>
    /// The connection string of a server's own connection: the options, with the <c>[assembly: ForeignServer]</c>
    /// attribute's host, port and database where they leave them out (credentials only ever come from the options).
    /// </summary>
    /// <param name="declared">The server as the assembly declares it, or <see langword="null"/>.</param>
    /// <param name="applicationName">What the server sees as <c>application_name</c>.</param>
    internal NpgsqlConnectionStringBuilder WithDeclaredDefaults(ForeignServerDefinition? declared, string applicationName)
    {
        var builder = ToConnectionStringBuilder();
        builder.Host = Host ?? declared?.DefaultHost ?? "localhost";
        builder.Port = Port ?? (declared is { DefaultPort: > 0 } ? declared.DefaultPort : 5432);
        builder.Database = DbName ?? declared?.DefaultDbName;
        builder.ApplicationName = applicationName;
        return builder;
    }

    /// <summary>Describes the options without the password.</summary>
    /// <returns>host, port, database and user.</returns>
    public override string ToString() =>
        $"Host={Host}; Port={Port}; DbName={DbName}; User={User}; Password={(Password is null ? "(none)" : "***")}";
}
