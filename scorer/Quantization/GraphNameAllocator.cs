using Onnx;

namespace Cappy.Scorer.Quantization;

/// <summary>
/// Hands out value and node names that no existing name in a graph (subgraphs included) uses yet.
/// </summary>
internal sealed class GraphNameAllocator
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public GraphNameAllocator(GraphProto graph)
    {
        Collect(graph);
    }

    /// <summary>Returns <paramref name="baseName"/>, or it with the smallest numeric suffix that is still free, and reserves it.</summary>
    public string Allocate(string baseName)
    {
        var name = baseName;
        for (var suffix = 1; !_used.Add(name); suffix++)
        {
            name = $"{baseName}_{suffix}";
        }

        return name;
    }

    private void Collect(GraphProto graph)
    {
        _used.UnionWith(graph.Input.Select(value => value.Name));
        _used.UnionWith(graph.Output.Select(value => value.Name));
        _used.UnionWith(graph.ValueInfo.Select(value => value.Name));
        _used.UnionWith(graph.Initializer.Select(tensor => tensor.Name));
        foreach (var node in graph.Node)
        {
            _used.Add(node.Name);
            _used.UnionWith(node.Input);
            _used.UnionWith(node.Output);
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    Collect(attribute.G);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    Collect(subgraph);
                }
            }
        }
    }
}
