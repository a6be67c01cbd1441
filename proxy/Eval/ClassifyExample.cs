namespace Cappy.Proxy.Eval;

/// <summary>
/// One multiple-choice example: the options of one (<c>dataset_name</c>, <c>template_name</c>,
/// <c>example_idx</c>), in file order.
/// </summary>
internal sealed record ClassifyExample(string Dataset, string Template, long ExampleIndex, IReadOnlyList<ClassifyOption> Options);
