using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Proxy.Bench;

/// <summary>The machine and software a benchmark ran on.</summary>
/// <param name="LogicalCores">Logical processors available to the process.</param>
/// <param name="CpuModel">CPU model name from <c>/proc/cpuinfo</c>, or the processor architecture elsewhere.</param>
/// <param name="MemoryGb">Physical memory in GB (10^9 bytes) as the .NET runtime sees it.</param>
/// <param name="OperatingSystem">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="OnnxRuntimeVersion">Version of the loaded ONNX Runtime library.</param>
internal sealed record MachineInfo(int LogicalCores, string CpuModel, double MemoryGb, string OperatingSystem, string Runtime, string OnnxRuntimeVersion)
{
    /// <summary>Reads the current machine's description.</summary>
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString());

    private static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            foreach (var line in File.ReadLines(cpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
