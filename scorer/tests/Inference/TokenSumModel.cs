using Google.Protobuf;
using Onnx;

namespace Cappy.Scorer.Tests.Inference;

/// <summary>
/// Builds a small ONNX graph with the inputs of a text-classification export whose one logit per row is known in
/// closed form: <c>logits[b, 0] = Σ_t attention_mask[b, t] · (input_ids[b, t] + 1000 · token_type_ids[b, t])</c>.
/// Padding with mask 0 adds nothing, so a row's logit does not depend on the batch.
/// </summary>
internal static class TokenSumModel
{
    /// <summary>Weight of the token type in each token's term.</summary>
    public const float TokenTypeWeight = 1000f;

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    /// <param name="path">Where to write the ONNX file.</param>
    /// <param name="withTokenTypeIds">Whether the graph has a <c>token_type_ids</c> input; without it the term is ids only.</param>
    /// <param name="outputName">Name of the [batch, 1] output.</param>
    /// <param name="idType">Element type of the id inputs.</param>
    public static void Write(
        string path,
        bool withTokenTypeIds = true,
        string outputName = "logits",
        TensorProto.Types.DataType idType = TensorProto.Types.DataType.Int64)
    {
        var graph = new GraphProto { Name = "token_sum" };
        graph.Input.Add(Tensor("input_ids", idType, "batch", "sequence"));
        graph.Input.Add(Tensor("attention_mask", idType, "batch", "sequence"));
        graph.Output.Add(Tensor(outputName, TensorProto.Types.DataType.Float, "batch", 1));

        var typeWeight = new TensorProto { Name = "type_weight", DataType = (int)TensorProto.Types.DataType.Float };
        typeWeight.FloatData.Add(TokenTypeWeight);
        var sumAxes = new TensorProto { Name = "sum_axes", DataType = (int)TensorProto.Types.DataType.Int64 };
        sumAxes.Dims.Add(1);
        sumAxes.Int64Data.Add(1);
        graph.Initializer.Add(typeWeight);
        graph.Initializer.Add(sumAxes);

        graph.Node.Add(CastToFloat("input_ids", "ids_float"));
        graph.Node.Add(CastToFloat("attention_mask", "mask_float"));
        var perToken = "ids_float";
        if (withTokenTypeIds)
        {
            graph.Input.Add(Tensor("token_type_ids", idType, "batch", "sequence"));
            graph.Node.Add(CastToFloat("token_type_ids", "types_float"));
            graph.Node.Add(Node("Mul", ["types_float", "type_weight"], "types_weighted"));
            graph.Node.Add(Node("Add", ["ids_float", "types_weighted"], "per_token"));
            perToken = "per_token";
        }

        graph.Node.Add(Node("Mul", [perToken, "mask_float"], "masked"));
        var sum = Node("ReduceSum", ["masked", "sum_axes"], outputName);
        sum.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(sum);

        var model = new ModelProto { IrVersion = 8, ProducerName = "cappy-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 18 });
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static NodeProto CastToFloat(string input, string output)
    {
        var cast = Node("Cast", [input], output);
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        return cast;
    }

    private static NodeProto Node(string opType, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType elementType, params object[] dimensions)
    {
        var shape = new TensorShapeProto();
        foreach (var dimension in dimensions)
        {
            shape.Dim.Add(dimension is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dimension, System.Globalization.CultureInfo.InvariantCulture) });
        }

        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
