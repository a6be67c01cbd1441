using Onnx;
using static Cappy.Scorer.Synthetic.OnnxGraphBuilder;
using Layout = Cappy.Scorer.Synthetic.RobertaTensorLayout;

namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Builds the nodes of a RoBERTa or BERT sequence classifier with the inputs and output of an
/// <c>optimum-cli export onnx --task text-classification</c> export. The weight initializers are not added here:
/// they are streamed into the file by <see cref="OnnxModelFileWriter"/>.
/// </summary>
internal static class RobertaGraphBuilder
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";
    public const string Logits = "logits";

    /// <summary>The optional output with the first token's final hidden state, [batch_size, hidden].</summary>
    public const string FirstTokenHiddenState = "first_token_hidden_state";

    /// <summary>
    /// Builds the graph for <paramref name="config"/>, naming weight tensors as <see cref="RobertaTensorLayout"/> does.
    /// With <paramref name="firstTokenOutput"/>, the graph also outputs <see cref="FirstTokenHiddenState"/>, the input of the head.
    /// </summary>
    public static GraphProto Build(RobertaModelConfig config, bool firstTokenOutput = false)
    {
        var builder = new OnnxGraphBuilder("roberta_sequence_classification");
        var graph = builder.Graph;
        graph.Input.Add(TensorValue(InputIds, TensorProto.Types.DataType.Int64, "batch_size", "sequence_length"));
        graph.Input.Add(TensorValue(AttentionMask, TensorProto.Types.DataType.Int64, "batch_size", "sequence_length"));
        if (config.Family == EncoderFamily.Bert)
        {
            graph.Input.Add(TensorValue(TokenTypeIds, TensorProto.Types.DataType.Int64, "batch_size", "sequence_length"));
        }

        graph.Output.Add(TensorValue(Logits, TensorProto.Types.DataType.Float, "batch_size", 1));
        if (firstTokenOutput)
        {
            graph.Output.Add(TensorValue(FirstTokenHiddenState, TensorProto.Types.DataType.Float, "batch_size", config.Hidden));
        }

        var hiddenStates = config.Family == EncoderFamily.Bert ? AddBertEmbeddings(builder, config) : AddEmbeddings(builder, config);
        var additiveMask = AddAttentionMask(builder);
        for (var layer = 0; layer < config.Layers; layer++)
        {
            hiddenStates = AddEncoderLayer(builder, config, layer, hiddenStates, additiveMask);
        }

        var firstToken = AddClassificationHead(builder, hiddenStates);
        if (firstTokenOutput)
        {
            graph.Node.Add(new NodeProto
            {
                OpType = "Identity",
                Name = "first_token_hidden_state_identity",
                Input = { firstToken },
                Output = { FirstTokenHiddenState },
            });
        }

        return graph;
    }

    // RoBERTa's position ids: real tokens count up from padding id + 1, and pads get the padding id itself.
    private static string AddEmbeddings(OnnxGraphBuilder builder, RobertaModelConfig config)
    {
        var paddingId = builder.Int64Constant("padding_id", [], RobertaModelConfig.PaddingId);
        var isPad = builder.Add("Equal", [InputIds, paddingId]);
        var isToken = builder.Add("Not", [isPad]);
        var tokenMask = builder.Add("Cast", [isToken], IntAttribute("to", (long)TensorProto.Types.DataType.Int64));
        var sequenceAxis = builder.Int64Constant("sequence_axis", [], 1);
        var tokenCount = builder.Add("CumSum", [tokenMask, sequenceAxis]);
        var maskedCount = builder.Add("Mul", [tokenCount, tokenMask]);
        var positionIds = builder.Add("Add", [maskedCount, paddingId]);

        var wordEmbeddings = builder.Add("Gather", [Layout.WordEmbeddings, InputIds], IntAttribute("axis", 0));
        var positionEmbeddings = builder.Add("Gather", [Layout.PositionEmbeddings, positionIds], IntAttribute("axis", 0));
        var sum = builder.Add("Add", [wordEmbeddings, positionEmbeddings]);

        // token_type_ids are all 0, so row 0 of the [1, hidden] table broadcasts onto every token.
        sum = builder.Add("Add", [sum, Layout.TokenTypeEmbeddings]);
        return AddLayerNorm(builder, config, sum, Layout.EmbeddingLayerNormScale, Layout.EmbeddingLayerNormBias);
    }

    // BERT's embeddings: position ids 0..n-1 shared by every row, and one token type embedding row per token.
    private static string AddBertEmbeddings(OnnxGraphBuilder builder, RobertaModelConfig config)
    {
        string Tensor(string robertaName) => Layout.Name(EncoderFamily.Bert, robertaName);

        var shape = builder.Add("Shape", [InputIds]);
        var sequenceAxis = builder.Int64Constant("sequence_axis", [], 1);
        var sequenceLength = builder.Add("Gather", [shape, sequenceAxis], IntAttribute("axis", 0));
        var zero = builder.Int64Constant("position_start", [], 0);
        var one = builder.Int64Constant("position_step", [], 1);
        var positionIds = builder.Add("Range", [zero, sequenceLength, one]);

        var wordEmbeddings = builder.Add("Gather", [Tensor(Layout.WordEmbeddings), InputIds], IntAttribute("axis", 0));
        var positionEmbeddings = builder.Add("Gather", [Tensor(Layout.PositionEmbeddings), positionIds], IntAttribute("axis", 0));
        var typeEmbeddings = builder.Add("Gather", [Tensor(Layout.TokenTypeEmbeddings), TokenTypeIds], IntAttribute("axis", 0));
        var sum = builder.Add("Add", [builder.Add("Add", [wordEmbeddings, positionEmbeddings]), typeEmbeddings]);
        return AddLayerNorm(builder, config, sum, Tensor(Layout.EmbeddingLayerNormScale), Tensor(Layout.EmbeddingLayerNormBias));
    }

    // (1 - mask) * float.MinValue as [batch, 1, 1, sequence], like HuggingFace's extended attention mask.
    private static string AddAttentionMask(OnnxGraphBuilder builder)
    {
        var mask = builder.Add("Cast", [AttentionMask], IntAttribute("to", (long)TensorProto.Types.DataType.Float));
        var axes = builder.Int64Constant("mask_unsqueeze_axes", [2], 1, 2);
        var expanded = builder.Add("Unsqueeze", [mask, axes]);
        var one = builder.FloatScalar("one", 1f);
        var inverted = builder.Add("Sub", [one, expanded]);
        var minimum = builder.FloatScalar("float_min", float.MinValue);
        return builder.Add("Mul", [inverted, minimum]);
    }

    private static string AddEncoderLayer(
        OnnxGraphBuilder builder, RobertaModelConfig config, int layer, string input, string additiveMask)
    {
        string Tensor(string parameter) => Layout.Name(config.Family, Layout.LayerTensor(layer, parameter));

        var headShape = builder.Int64Constant($"layer{layer}_head_shape", [4], 0, 0, config.Heads, config.HeadSize);
        var query = AddDense(builder, input, Tensor("attention.self.query.weight"), Tensor("attention.self.query.bias"));
        var key = AddDense(builder, input, Tensor("attention.self.key.weight"), Tensor("attention.self.key.bias"));
        var value = AddDense(builder, input, Tensor("attention.self.value.weight"), Tensor("attention.self.value.bias"));

        // [batch, sequence, hidden] -> [batch, heads, sequence, head size], and keys go to [batch, heads, head size, sequence].
        var queryHeads = builder.Add("Transpose", [builder.Add("Reshape", [query, headShape])], IntsAttribute("perm", 0, 2, 1, 3));
        var keyHeads = builder.Add("Transpose", [builder.Add("Reshape", [key, headShape])], IntsAttribute("perm", 0, 2, 3, 1));
        var valueHeads = builder.Add("Transpose", [builder.Add("Reshape", [value, headShape])], IntsAttribute("perm", 0, 2, 1, 3));

        var scale = builder.FloatScalar($"layer{layer}_attention_scale", (float)(1.0 / Math.Sqrt(config.HeadSize)));
        var scores = builder.Add("Mul", [builder.Add("MatMul", [queryHeads, keyHeads]), scale]);
        var maskedScores = builder.Add("Add", [scores, additiveMask]);
        var probabilities = builder.Add("Softmax", [maskedScores], IntAttribute("axis", -1));
        var context = builder.Add("MatMul", [probabilities, valueHeads]);

        var hiddenShape = builder.Int64Constant($"layer{layer}_hidden_shape", [3], 0, 0, config.Hidden);
        var merged = builder.Add("Reshape", [builder.Add("Transpose", [context], IntsAttribute("perm", 0, 2, 1, 3)), hiddenShape]);
        var attentionOutput = AddDense(builder, merged, Tensor("attention.output.dense.weight"), Tensor("attention.output.dense.bias"));
        var attentionNormed = AddLayerNorm(
            builder,
            config,
            builder.Add("Add", [attentionOutput, input]),
            Tensor("attention.output.LayerNorm.weight"),
            Tensor("attention.output.LayerNorm.bias"));

        var intermediate = AddDense(builder, attentionNormed, Tensor("intermediate.dense.weight"), Tensor("intermediate.dense.bias"));
        var activated = AddErfGelu(builder, layer, intermediate);
        var output = AddDense(builder, activated, Tensor("output.dense.weight"), Tensor("output.dense.bias"));
        return AddLayerNorm(
            builder,
            config,
            builder.Add("Add", [output, attentionNormed]),
            Tensor("output.LayerNorm.weight"),
            Tensor("output.LayerNorm.bias"));
    }

    // 0.5 * x * (1 + erf(x / sqrt(2))): the exact GELU of HuggingFace's "gelu" activation. Opset 18 has no Gelu op.
    private static string AddErfGelu(OnnxGraphBuilder builder, int layer, string input)
    {
        var sqrtTwo = builder.FloatScalar($"layer{layer}_sqrt_two", MathF.Sqrt(2f));
        var one = builder.FloatScalar($"layer{layer}_gelu_one", 1f);
        var half = builder.FloatScalar($"layer{layer}_gelu_half", 0.5f);
        var erf = builder.Add("Erf", [builder.Add("Div", [input, sqrtTwo])]);
        var product = builder.Add("Mul", [input, builder.Add("Add", [erf, one])]);
        return builder.Add("Mul", [product, half]);
    }

    // The first token's final hidden state -> dense -> tanh -> out_proj, as RobertaClassificationHead does.
    // BERT's pooler and classifier compute the same on [CLS]. Returns the first token's hidden state.
    private static string AddClassificationHead(OnnxGraphBuilder builder, string hiddenStates)
    {
        var firstIndex = builder.Int64Constant("first_token_index", [], 0);
        var firstToken = builder.Add("Gather", [hiddenStates, firstIndex], IntAttribute("axis", 1));
        var dense = AddDense(builder, firstToken, Layout.ClassifierDenseWeight, Layout.ClassifierDenseBias);
        var activated = builder.Add("Tanh", [dense]);
        var projected = builder.Add("MatMul", [activated, Layout.ClassifierOutputWeight]);
        builder.Graph.Node.Add(new NodeProto
        {
            OpType = "Add",
            Name = "logits_add",
            Input = { projected, Layout.ClassifierOutputBias },
            Output = { Logits },
        });
        return firstToken;
    }

    private static string AddDense(OnnxGraphBuilder builder, string input, string weight, string bias) =>
        builder.Add("Add", [builder.Add("MatMul", [input, weight]), bias]);

    private static string AddLayerNorm(OnnxGraphBuilder builder, RobertaModelConfig config, string input, string scale, string bias) =>
        builder.Add(
            "LayerNormalization",
            [input, scale, bias],
            IntAttribute("axis", -1),
            FloatAttribute("epsilon", config.LayerNormEpsilon));
}
