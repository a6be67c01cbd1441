using Cappy.Scorer.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cappy.Scorer.Inference;

/// <summary>
/// The inputs and output of a transformer export as read from its ONNX Runtime session: int64
/// <c>input_ids</c> and <c>attention_mask</c> of shape [batch, sequence], an optional int64
/// <c>token_type_ids</c>, and one float32 output.
/// </summary>
/// <param name="TakesTokenTypeIds">Whether the model has a <c>token_type_ids</c> input.</param>
/// <param name="OutputName">The output the scorer reads.</param>
internal sealed record ModelSignature(bool TakesTokenTypeIds, string OutputName)
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";

    /// <summary>Cross-encoder output of shape [batch, labels].</summary>
    public const string Logits = "logits";

    /// <summary>Bi-encoder output of shape [batch, sequence, hidden]: one embedding per token.</summary>
    public const string LastHiddenState = "last_hidden_state";

    /// <summary>
    /// Reads the signature and checks it against what the scorer feeds and reads. Throws
    /// <see cref="ScorerModelException"/> naming <paramref name="modelFile"/>, the expected input or output
    /// and the ones the model has.
    /// </summary>
    public static ModelSignature Read(InferenceSession session, string outputName, int outputRank, string modelFile)
    {
        var inputs = session.InputMetadata;
        RequireTensor(inputs, InputIds, TensorElementType.Int64, 2, "input", modelFile);
        RequireTensor(inputs, AttentionMask, TensorElementType.Int64, 2, "input", modelFile);

        var takesTokenTypeIds = inputs.ContainsKey(TokenTypeIds);
        if (takesTokenTypeIds)
        {
            RequireTensor(inputs, TokenTypeIds, TensorElementType.Int64, 2, "input", modelFile);
        }

        foreach (var name in inputs.Keys)
        {
            if (name is not (InputIds or AttentionMask or TokenTypeIds))
            {
                throw new ScorerModelException(
                    $"Model file '{modelFile}' has input '{name}', which the scorer cannot feed: expected only {InputIds}, {AttentionMask} and optionally {TokenTypeIds}. Model inputs: {Describe(inputs)}.",
                    modelFile);
            }
        }

        RequireTensor(session.OutputMetadata, outputName, TensorElementType.Float, outputRank, "output", modelFile);
        return new ModelSignature(takesTokenTypeIds, outputName);
    }

    private static void RequireTensor(
        IReadOnlyDictionary<string, NodeMetadata> nodes,
        string name,
        TensorElementType elementType,
        int rank,
        string direction,
        string modelFile)
    {
        var expected = $"expected {direction} '{name}' as a {elementType} tensor of rank {rank}";
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new ScorerModelException(
                $"Model file '{modelFile}' is not a supported scorer model: {expected}, but it has no {direction} of that name. Model {direction}s: {Describe(nodes)}.",
                modelFile);
        }

        if (!node.IsTensor || node.ElementDataType != elementType || node.Dimensions.Length != rank)
        {
            throw new ScorerModelException(
                $"Model file '{modelFile}' is not a supported scorer model: {expected}, but it is {DescribeNode(node)}.",
                modelFile);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        nodes.Count == 0 ? "none" : string.Join(", ", nodes.Select(node => $"{node.Key} ({DescribeNode(node.Value)})"));

    private static string DescribeNode(NodeMetadata node) =>
        node.IsTensor
            ? $"a {node.ElementDataType} tensor of shape [{string.Join(", ", node.Dimensions)}]"
            : $"a {node.OnnxValueType} value";
}
