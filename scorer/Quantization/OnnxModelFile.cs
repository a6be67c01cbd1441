using Cappy.Scorer.Models;
using Google.Protobuf;
using Onnx;

namespace Cappy.Scorer.Quantization;

/// <summary>Reads and writes whole ONNX model files, up to protobuf's 2 GiB message limit.</summary>
internal static class OnnxModelFile
{
    // ONNX graphs nest only through If/Loop/Scan subgraphs; 100 is protobuf's default depth and plenty for them.
    private const int RecursionLimit = 100;

    /// <summary>
    /// Parses the model at <paramref name="path"/> from a stream, so a file of 1.4 GB needs no second copy in memory.
    /// </summary>
    /// <exception cref="ScorerModelException">
    /// The file is missing, is not an ONNX model, or keeps tensors in external data files, which are not supported.
    /// </exception>
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ScorerModelException($"ONNX model file '{path}' not found. Pass the path of an existing model.onnx.", path);
        }

        ModelProto model;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
            using var input = CodedInputStream.CreateWithLimits(stream, int.MaxValue, RecursionLimit);
            model = ModelProto.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new ScorerModelException(
                $"ONNX model file '{path}' is invalid: it is not a complete ONNX protobuf ({exception.Message}).", path, exception);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new ScorerModelException($"ONNX model file '{path}' is invalid: it contains no graph nodes.", path);
        }

        var external = model.Graph.Initializer.FirstOrDefault(tensor => tensor.DataLocation == TensorProto.Types.DataLocation.External);
        if (external is not null)
        {
            throw new ScorerModelException(
                $"ONNX model file '{path}' keeps tensor '{external.Name}' in an external data file, which quantization does not support. Save the model as a single file.",
                path);
        }

        return model;
    }

    /// <summary>
    /// Writes <paramref name="model"/> to a temporary file beside <paramref name="path"/> and then moves it over
    /// <paramref name="path"/>, so a failed write leaves no partial model behind.
    /// </summary>
    public static void Write(ModelProto model, string path)
    {
        var temporaryPath = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                model.WriteTo(stream);
            }

            File.Move(temporaryPath, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }
}
