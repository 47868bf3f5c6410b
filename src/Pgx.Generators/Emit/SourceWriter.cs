using System;
using System.Text;

namespace Pgx.Generators.Emit;

/// <summary>
/// The one writer every emitter uses: a <see cref="StringBuilder"/> with an indent level and '\n' line
/// endings on every platform, so output is byte-identical wherever it is built.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private readonly string _indentUnit;
    private int _indent;

    /// <summary>Creates a writer that indents by <paramref name="indentUnit"/>.</summary>
    public SourceWriter(string indentUnit = "    ") => _indentUnit = indentUnit;

    /// <summary>Writes an indented line (or an empty line without trailing spaces).</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (var i = 0; i < _indent; i++)
            {
                _builder.Append(_indentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes each line of <paramref name="text"/> at the current indent.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>Increases the indent until the returned scope is disposed.</summary>
    public IndentScope Indent()
    {
        _indent++;
        return new IndentScope(this);
    }

    /// <summary>Writes <paramref name="opening"/>, "{", indents, and closes with "}" (plus <paramref name="closingSuffix"/>).</summary>
    public BlockScope Block(string opening, string closingSuffix = "")
    {
        Line(opening);
        Line("{");
        _indent++;
        return new BlockScope(this, "}" + closingSuffix);
    }

    /// <inheritdoc/>
    public override string ToString() => _builder.ToString();

    /// <summary>Ends an <see cref="Indent"/>.</summary>
    public readonly struct IndentScope : IDisposable
    {
        private readonly SourceWriter _writer;

        internal IndentScope(SourceWriter writer) => _writer = writer;

        /// <inheritdoc/>
        public void Dispose() => _writer._indent--;
    }

    /// <summary>Ends a <see cref="Block"/>.</summary>
    public readonly struct BlockScope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closing;

        internal BlockScope(SourceWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_closing);
        }
    }
}
