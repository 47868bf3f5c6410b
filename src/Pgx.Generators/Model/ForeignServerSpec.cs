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
/// <param name="FetchSize">postgres_fdw <c>fetch_size</c> as declared or Pgx's default, or 0 when Pgx leaves it alone.</param>
/// <param name="UseRemoteEstimate">postgres_fdw <c>use_remote_estimate</c>, as declared or Pgx's default.</param>
/// <param name="AsyncCapable">postgres_fdw <c>async_capable</c>, as declared or Pgx's default.</param>
/// <param name="BatchSize">postgres_fdw <c>batch_size</c> as declared or Pgx's default, or 0 when Pgx leaves it alone.</param>
/// <param name="Extensions">postgres_fdw <c>extensions</c>; empty when Pgx leaves it alone.</param>
internal sealed record ForeignServerSpec(
    string Name,
    string? Host,
    string? DbName,
    int Port,
    int FetchSize,
    bool UseRemoteEstimate,
    bool AsyncCapable,
    int BatchSize,
    EquatableArray<string> Extensions);
