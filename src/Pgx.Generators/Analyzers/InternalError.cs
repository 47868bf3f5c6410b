using System;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.Analyzers;

/// <summary>PGX0999: what every Pgx analyzer reports instead of crashing (AD0001) when something inside it throws.</summary>
internal static class InternalError
{
    /// <summary>PGX0999 at <paramref name="location"/>, with the exception's type and message.</summary>
    public static Diagnostic At(Location? location, Exception exception) =>
        Diagnostic.Create(Descriptors.InternalError, location, exception.GetType().Name + ": " + exception.Message);
}
