using System;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// Lets tests prove that an internal failure becomes PGX0999 with the exception text, never AD0001: a test sets
/// <see cref="ThrowWhen"/> to pick the subjects (a type name, an SQL text) to fail on. Null, so inert, in
/// every real compilation.
/// </summary>
internal static class FailureInjection
{
    /// <summary>Decides which subjects fail; null outside tests.</summary>
    public static Func<string, bool>? ThrowWhen { get; set; }

    /// <summary>Throws when a test asked for a failure on <paramref name="subject"/>.</summary>
    public static void Check(string subject)
    {
        if (ThrowWhen is { } throwWhen && throwWhen(subject))
        {
            throw new InvalidOperationException("injected failure while analyzing '" + subject + "'");
        }
    }
}
