using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// A value computed at most once per compilation, on first use, and shared by every analyzer that asks
/// (the compilation is the key, so nothing outlives it). A cancelled computation is not cached.
/// </summary>
/// <typeparam name="T">The value.</typeparam>
internal sealed class PerCompilation<T>
{
    private readonly ConditionalWeakTable<Compilation, Holder> _values = new();
    private readonly Func<Compilation, CancellationToken, T> _compute;

    public PerCompilation(Func<Compilation, CancellationToken, T> compute) => _compute = compute;

    /// <summary>The value for <paramref name="compilation"/>, computed now if it is the first ask.</summary>
    public T Get(Compilation compilation, CancellationToken cancellationToken)
    {
        var holder = _values.GetValue(compilation, _ => new Holder());
        lock (holder)
        {
            if (!holder.HasValue)
            {
                holder.Value = _compute(compilation, cancellationToken);
                holder.HasValue = true;
            }

            return holder.Value!;
        }
    }

    private sealed class Holder
    {
        public bool HasValue;

        public T? Value;
    }
}
