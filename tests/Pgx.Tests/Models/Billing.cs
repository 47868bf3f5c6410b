using Pgx;

namespace Pgx.Tests.Models;

/// <summary>
/// A table a migration changes under running repositories: its <c>int</c> key widened to <c>bigint</c> and its name
/// from <c>text</c> to <c>varchar</c>, while pooled connections hold statements prepared for the old types.
/// </summary>
[PgTable("accounts", Schema = "billing")]
public sealed record Account([property: PgKey] int Id, string Name, int Balance);
