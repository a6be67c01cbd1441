namespace Cappy.Scorer.Models;

/// <summary>
/// A model directory as <c>optimum-cli export onnx --task text-classification</c> writes it: <c>model.onnx</c>
/// beside the tokenizer files and, where the export has one, <c>config.json</c>.
/// </summary>
internal sealed class ExportedModelDirectory
{
    /// <summary>File name of the ONNX graph in an export.</summary>
    public const string ModelFileName = "model.onnx";

    private ExportedModelDirectory(string path, string name, string modelPath)
    {
        Path = path;
        Name = name;
        ModelPath = modelPath;
    }

    /// <summary>Full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The directory's name, which names the model in descriptions and logs.</summary>
    public string Name { get; }

    /// <summary>Full path of <c>model.onnx</c>.</summary>
    public string ModelPath { get; }

    /// <summary>
    /// Resolves <paramref name="directory"/> and checks that it and its <c>model.onnx</c> exist. Throws
    /// <see cref="ScorerModelException"/> naming the missing directory or file.
    /// </summary>
    public static ExportedModelDirectory Open(string directory)
    {
        var path = System.IO.Path.GetFullPath(directory);
        if (!Directory.Exists(path))
        {
            throw new ScorerModelException(
                $"Model directory '{path}' not found: expected a directory written by 'optimum-cli export onnx --task text-classification', with {ModelFileName} and tokenizer files. Check the ModelDirectory setting.",
                path);
        }

        var modelPath = System.IO.Path.Combine(path, ModelFileName);
        if (!File.Exists(modelPath))
        {
            throw new ScorerModelException(
                $"Model file '{modelPath}' not found: expected the ONNX model that 'optimum-cli export onnx --task text-classification' writes as {ModelFileName}.",
                modelPath);
        }

        var name = new DirectoryInfo(path).Name;
        return new ExportedModelDirectory(path, name, modelPath);
    }
}
