using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Training;

/// <summary>
/// Writes a network as a model directory that the proxy loads like an optimum export: <c>model.onnx</c> (the graph of
/// <see cref="RobertaOnnxGenerator"/> with the network's weights), the base model's tokenizer files and <c>config.json</c>.
/// </summary>
internal static class TrainedModelWriter
{
    /// <summary>Writes the directory, creating it if needed and replacing files of the same names.</summary>
    public static void Write(CrossEncoderNetwork network, IReadOnlyDictionary<string, byte[]> tokenizerFiles, string directory) =>
        Write(network.Config, NetworkWeights.Export(network), tokenizerFiles, directory);

    /// <summary>Writes the directory for named weights, dense weights as [in, out].</summary>
    public static void Write(
        RobertaModelConfig config,
        IReadOnlyDictionary<string, float[]> weights,
        IReadOnlyDictionary<string, byte[]> tokenizerFiles,
        string directory)
    {
        Directory.CreateDirectory(directory);
        RobertaOnnxGenerator.WriteWithWeights(config, Path.Combine(directory, "model.onnx"), name => weights[name]);
        foreach (var (name, contents) in tokenizerFiles)
        {
            File.WriteAllBytes(Path.Combine(directory, name), contents);
        }

        File.WriteAllText(Path.Combine(directory, "config.json"), RobertaOnnxGenerator.CreateConfigJson(config));
    }
}
