using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Explains a failed CUDA provider registration. ONNX Runtime 1.32's exception contains only "Failed to load shared
/// library", so this loads the provider library itself to get the operating system loader's reason, such as a
/// missing <c>libcublasLt.so.13</c>.
/// </summary>
internal static class CudaProviderDiagnostics
{
    /// <summary>
    /// Returns ONNX Runtime's message, followed by the loader's reason when the CUDA provider library sits beside
    /// the ONNX Runtime library and fails to load. A library that does load is freed again at once.
    /// </summary>
    public static string DescribeFailure(OnnxRuntimeException exception)
    {
        var reason = FindLoaderReason();
        return reason is null ? exception.Message : $"{exception.Message} ({reason})";
    }

    private static string? FindLoaderReason()
    {
        var fileName = OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

        // A published application has the native libraries in its base directory, and a build output has them
        // under runtimes/<rid>/native.
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, fileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", fileName),
        ];

        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"{fileName} not found in {AppContext.BaseDirectory}";
        }

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null;
        }
        catch (DllNotFoundException loadFailure)
        {
            // .NET puts the loader's own text (dlerror on Linux) on the message's last line.
            var lines = loadFailure.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length > 0 ? lines[^1] : loadFailure.Message;
        }
    }
}
