using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cappy.Scorer.Quantization;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Provides an int8 copy of a model directory for <c>--int8</c>: <c>model.onnx</c> quantized with
/// <see cref="DynamicQuantizer"/>, the other files (tokenizer, <c>config.json</c>) copied. The copy is kept in the
/// cache directory, under a name derived from the source model's path, size and time stamp, and reused.
/// </summary>
internal static class Int8ModelCache
{
    /// <summary>
    /// Returns the cached int8 copy of <paramref name="modelDirectory"/>, quantizing it first when it is missing
    /// or the source model changed.
    /// </summary>
    public static string GetOrCreate(string modelDirectory, string cacheDirectory, Action<string> report)
    {
        var source = new DirectoryInfo(Path.GetFullPath(modelDirectory));
        var sourceModel = new FileInfo(Path.Combine(source.FullName, "model.onnx"));
        if (!sourceModel.Exists)
        {
            throw new BenchSetupException($"--int8: model file not found: {sourceModel.FullName}. Pass --model DIR with a float32 model.onnx.");
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{sourceModel.FullName}|{sourceModel.Length}|{sourceModel.LastWriteTimeUtc.Ticks}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        var directory = Path.GetFullPath(Path.Combine(cacheDirectory, $"int8-{source.Name}-{hash}"));
        if (Directory.Exists(directory))
        {
            report($"Using the int8 model cached in {directory}");
            return directory;
        }

        report($"Quantizing {sourceModel.FullName} to int8 in {directory}; later runs reuse it.");
        var partial = $"{directory}.partial-{Environment.ProcessId}";
        try
        {
            Directory.CreateDirectory(partial);
            foreach (var file in source.EnumerateFiles())
            {
                if (file.Name != sourceModel.Name)
                {
                    file.CopyTo(Path.Combine(partial, file.Name));
                }
            }

            var quantized = DynamicQuantizer.QuantizeFile(sourceModel.FullName, Path.Combine(partial, "model.onnx"));
            report(string.Create(CultureInfo.InvariantCulture, $"Quantized {quantized.QuantizedCount} MatMul/Gemm nodes, left {quantized.SkippedNodes.Count} in float32; {quantized.InputFileBytes / 1e6:F0} MB -> {quantized.OutputFileBytes / 1e6:F0} MB"));
            Directory.Move(partial, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            // Another run finished the same copy first; use it.
            Directory.Delete(partial, recursive: true);
        }
        catch
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            throw;
        }

        return directory;
    }
}
