using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace Cappy.Proxy.Training;

/// <summary>Loads TorchSharp's native library and selects the training device.</summary>
internal static class TorchRuntime
{
    /// <summary>
    /// Loads LibTorch for the CPU and returns null, or returns why it failed. TorchSharp 0.107.0's
    /// <c>libLibTorchSharp.so</c> needs a libstdc++ with <c>GLIBCXX_3.4.32</c> (GCC 13 or later), which Debian 12
    /// lacks; Debian 13 and Ubuntu 24.04 have it.
    /// </summary>
    public static string? TryLoad()
    {
        if (!IncludesLibTorch)
        {
            return "This build of cappy-proxy leaves LibTorch out (published with -p:CappyIncludeLibTorch=false, as scripts/publish.sh and "
                + "the container images do), so --mode full cannot run here. Use --mode head, which needs no LibTorch, or run train from a "
                + "build with LibTorch, such as 'dotnet run -c Release --project proxy -- train ...'.";
        }

        try
        {
            InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or NotSupportedException or TypeInitializationException)
        {
            var firstLine = exception.Message.Split('\n', 2)[0].Trim();
            return $"TorchSharp's native library could not be loaded: {firstLine} "
                + "TorchSharp 0.107.0 needs libstdc++ with GLIBCXX_3.4.32 (GCC 13 or later, as on Debian 13 or Ubuntu 24.04); "
                + "run 'ldd' on runtimes/linux-x64/native/libLibTorchSharp.so in the output directory to see what is missing.";
        }
    }

    /// <summary>Whether the build carries LibTorch's native libraries: false where it was built with <c>-p:CappyIncludeLibTorch=false</c>.</summary>
    public static bool IncludesLibTorch { get; } = !string.Equals(
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(attribute => attribute.Key == "CappyIncludeLibTorch")?.Value,
        "false",
        StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the device for <paramref name="setting"/>: <c>auto</c> (CUDA when available, else the CPU), <c>cpu</c>,
    /// <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The setting is unknown, or CUDA is requested but not available.</exception>
    public static Device SelectDevice(string setting)
    {
        var normalized = setting.Trim().ToLowerInvariant();
        if (normalized == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (normalized == "cpu")
        {
            return CPU;
        }

        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new ArgumentException(
                    $"--device {setting}: CUDA is not available to TorchSharp (the TorchSharp-cpu package has no CUDA build of LibTorch). Use --device cpu or auto.");
            }

            return device(normalized);
        }

        throw new ArgumentException($"--device {setting} is invalid: expected auto, cpu, cuda or cuda:N.");
    }
}
