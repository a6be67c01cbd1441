using Xunit;
using YamlDotNet.RepresentationModel;

namespace Cappy.IntegrationTests.Containers;

/// <summary>Loads YAML files with YamlDotNet and walks their mapping and sequence nodes.</summary>
internal static class YamlDocuments
{
    public static YamlMappingNode LoadSingle(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
    }

    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    public static YamlSequenceNode Sequence(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlSequenceNode>(node.Children[new YamlScalarNode(key)]);

    public static string Scalar(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;

    public static IEnumerable<YamlMappingNode> Mappings(this YamlSequenceNode node) =>
        node.Children.Select(child => Assert.IsType<YamlMappingNode>(child));

    public static IEnumerable<string> Scalars(this YamlSequenceNode node) =>
        node.Children.Select(child => Assert.IsType<YamlScalarNode>(child).Value!);
}
