using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Training;

/// <summary>The starting point of training: shape, weights and tokenizer files of the base model.</summary>
/// <param name="Name">The base as given on the command line (<c>embedded</c> or a directory path).</param>
/// <param name="Config">Shape and family of the encoder.</param>
/// <param name="Weights">Every tensor of <see cref="RobertaTensorLayout.Create"/> by name, dense weights as [in, out].</param>
/// <param name="TokenizerFiles">Tokenizer and tokenizer config files by file name, copied into the trained model.</param>
/// <param name="InitializedTensors">Tensors the base lacked, drawn from the seed (a new regression head).</param>
internal sealed record BaseModel(
    string Name,
    RobertaModelConfig Config,
    IReadOnlyDictionary<string, float[]> Weights,
    IReadOnlyDictionary<string, byte[]> TokenizerFiles,
    IReadOnlyList<string> InitializedTensors);
