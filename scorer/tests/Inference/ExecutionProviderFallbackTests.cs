using Cappy.Scorer.Inference;
using Cappy.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

public sealed class ExecutionProviderFallbackTests
{
    // The loader's reason names a shared library file: a CUDA dependency such as libcublasLt.so.13, or the
    // provider library itself.
    private const string MissingLibraryPattern = @"\(\S*(\.so|\.dll)\S*";

    [SkippableFact]
    public void Cuda_WithoutCuda_ThrowsNamingFailure()
    {
        var failure = CudaAvailability.LoadFailure;
        Skip.If(failure is null, "the CUDA execution provider loads on this machine, so there is no failure to report");

        var options = new ScorerOptions { ExecutionProvider = "cuda" };

        var exception = Assert.Throws<ExecutionProviderException>(() => ScorerFactory.Create(options, new RecordingLoggerFactory()));

        Assert.Contains("ExecutionProvider 'cuda'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(failure, exception.Message, StringComparison.Ordinal);
        Assert.Matches(MissingLibraryPattern, exception.Message);
        Assert.Contains("set ExecutionProvider to auto or cpu", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void CudaDevice_WithoutCuda_ThrowsNamingDevice()
    {
        Skip.If(CudaAvailability.LoadFailure is null, "the CUDA execution provider loads on this machine, so there is no failure to report");

        var options = new ScorerOptions { ExecutionProvider = "cuda:1" };

        var exception = Assert.Throws<ExecutionProviderException>(() => ScorerFactory.Create(options, new RecordingLoggerFactory()));

        Assert.Contains("device 1", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Auto_WithoutCuda_RunsOnCpuWithOneWarning()
    {
        var failure = CudaAvailability.LoadFailure;
        Skip.If(failure is null, "the CUDA execution provider loads on this machine, so auto does not fall back");

        var logs = new RecordingLoggerFactory();

        using var scorer = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "auto" }, logs);

        Assert.Equal("cpu", scorer.Description.ExecutionProvider);
        var warnings = logs.Entries.Where(entry => entry.EventId.Id == ScorerEventIds.CudaFallbackToCpu).ToList();
        var warning = Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(failure, warning.Message, StringComparison.Ordinal);
        Assert.Matches(MissingLibraryPattern, warning.Message);
        Assert.Contains("cuda:0", warning.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Auto_WithCuda_RunsOnCuda()
    {
        Skip.If(CudaAvailability.LoadFailure is not null, $"the CUDA execution provider does not load on this machine: {CudaAvailability.LoadFailure}");

        var logs = new RecordingLoggerFactory();

        using var scorer = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "auto" }, logs);

        Assert.Equal("cuda:0", scorer.Description.ExecutionProvider);
        Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id == ScorerEventIds.CudaFallbackToCpu);
    }
}
