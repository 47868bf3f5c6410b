namespace Pgx.Generators.Model;

/// <summary>A primary-constructor parameter of the record, so generated code can construct rows.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">Its type, <c>global::</c>-qualified with nullable annotation.</param>
/// <param name="ColumnIndex">The index into <see cref="TableSpec.Columns"/> that supplies it, or -1 (then <c>default</c>).</param>
internal sealed record ConstructorParameterSpec(string Name, string Type, int ColumnIndex);
