using System.Globalization;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Parsed value of <see cref="ScorerOptions.ExecutionProvider"/>: <c>auto</c>, <c>cpu</c>, <c>cuda</c> (device 0)
/// or <c>cuda:N</c>, case-insensitive.
/// </summary>
/// <param name="Kind">The provider requested.</param>
/// <param name="DeviceId">CUDA device ordinal; 0 for <c>auto</c> and <c>cuda</c>, unused for <c>cpu</c>.</param>
internal readonly record struct ExecutionProviderSetting(ExecutionProviderKind Kind, int DeviceId)
{
    private const string CudaPrefix = "cuda:";

    /// <summary>Parses a setting value; returns false for anything but the four accepted forms.</summary>
    public static bool TryParse(string? value, out ExecutionProviderSetting setting)
    {
        setting = default;
        if (value is null)
        {
            return false;
        }

        var trimmed = value.Trim();
        if (trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            setting = new ExecutionProviderSetting(ExecutionProviderKind.Auto, 0);
            return true;
        }

        if (trimmed.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            setting = new ExecutionProviderSetting(ExecutionProviderKind.Cpu, 0);
            return true;
        }

        if (trimmed.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            setting = new ExecutionProviderSetting(ExecutionProviderKind.Cuda, 0);
            return true;
        }

        if (!trimmed.StartsWith(CudaPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // NumberStyles.None accepts digits only: no sign, spaces or separators.
        var deviceText = trimmed[CudaPrefix.Length..];
        if (!int.TryParse(deviceText, NumberStyles.None, CultureInfo.InvariantCulture, out var deviceId))
        {
            return false;
        }

        setting = new ExecutionProviderSetting(ExecutionProviderKind.Cuda, deviceId);
        return true;
    }

    /// <summary>Name of the CPU provider in descriptions and logs.</summary>
    public static string CpuName => "cpu";

    /// <summary>The name of the CUDA provider on this setting's device, e.g. <c>cuda:0</c>.</summary>
    public string CudaName => string.Create(CultureInfo.InvariantCulture, $"cuda:{DeviceId}");
}
