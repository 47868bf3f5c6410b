namespace Pgx.Generators.Model;

/// <summary>
/// A postgres_fdw server declared with <c>[assembly: ForeignServer]</c>: its name and non-secret defaults.
/// Value-equal (a record of strings, ints and bools). Host, port and database are defaults only; they and the
/// credentials are supplied at run time.
/// </summary>
/// <param name="Name">The server name in the local database.</param>
/// <param name="Host">The default remote host, if declared.</param>
/// <param name="DbName">The default remote database, if declared.</param>
/// <param name="Port">The default remote port, or 0.</param>
/// <param name="FetchSize">postgres_fdw <c>fetch_size</c>, or 0 when not set.</param>
/// <param name="UseRemoteEstimate">postgres_fdw <c>use_remote_estimate</c>.</param>
/// <param name="AsyncCapable">postgres_fdw <c>async_capable</c>.</param>
/// <param name="BatchSize">postgres_fdw <c>batch_size</c>, or 0 when not set.</param>
internal sealed record ForeignServerSpec(
    string Name,
    string? Host,
    string? DbName,
    int Port,
    int FetchSize,
    bool UseRemoteEstimate,
    bool AsyncCapable,
    int BatchSize);
