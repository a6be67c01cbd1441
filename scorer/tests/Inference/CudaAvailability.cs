using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Tests.Inference;

/// <summary>Probes once whether ONNX Runtime's CUDA execution provider loads on this machine.</summary>
internal static class CudaAvailability
{
    private static readonly Lazy<string?> Failure = new(Probe);

    /// <summary>ONNX Runtime's message for the failed CUDA load, or null when CUDA loads.</summary>
    public static string? LoadFailure => Failure.Value;

    private static string? Probe()
    {
        using var sessionOptions = new SessionOptions();
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (OnnxRuntimeException exception)
        {
            return exception.Message;
        }
    }
}
