using Cappy.Scorer.Synthetic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cappy.Scorer.Tests.Synthetic;

/// <summary>
/// The <see cref="RobertaModelConfig.Tiny"/> model written once to a temporary directory and loaded in a CPU
/// <see cref="InferenceSession"/>, shared by the tests of one class.
/// </summary>
public sealed class TinyRobertaModelFixture : IDisposable
{
    public TinyRobertaModelFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cappy-synthetic-").FullName;
        ModelPath = Path.Combine(Directory, "model.onnx");
        RobertaOnnxGenerator.Write(RobertaModelConfig.Tiny, ModelPath);
        Session = new InferenceSession(ModelPath);
        Weights = RobertaOnnxGenerator.Generate(RobertaModelConfig.Tiny);
    }

    /// <summary>Temporary directory removed on dispose, where tests may write more files there.</summary>
    public string Directory { get; }

    public string ModelPath { get; }

    internal InferenceSession Session { get; }

    internal RobertaWeights Weights { get; }

    /// <summary>Runs <paramref name="session"/> on rows padded with id 1 and mask 0 and returns <c>logits[i][0]</c>.</summary>
    internal static float[] RunLogits(InferenceSession session, long[][] rows)
    {
        var (inputIds, attentionMask) = Pad(rows);
        var batch = rows.Length;
        var length = inputIds[0].Length;
        var ids = new DenseTensor<long>(inputIds.SelectMany(row => row).ToArray(), [batch, length]);
        var mask = new DenseTensor<long>(attentionMask.SelectMany(row => row).ToArray(), [batch, length]);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        ]);
        var logits = results.Single(result => result.Name == "logits").AsTensor<float>();
        return Enumerable.Range(0, batch).Select(row => logits[row, 0]).ToArray();
    }

    /// <summary>Pads rows to the longest with id 1 and mask 0, as a RoBERTa tokenizer does.</summary>
    internal static (long[][] InputIds, long[][] AttentionMask) Pad(long[][] rows)
    {
        var length = rows.Max(row => row.Length);
        var inputIds = rows
            .Select(row => row.Concat(Enumerable.Repeat((long)RobertaModelConfig.PaddingId, length - row.Length)).ToArray())
            .ToArray();
        var attentionMask = rows
            .Select(row => Enumerable.Repeat(1L, row.Length).Concat(Enumerable.Repeat(0L, length - row.Length)).ToArray())
            .ToArray();
        return (inputIds, attentionMask);
    }

    public void Dispose()
    {
        Session.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
