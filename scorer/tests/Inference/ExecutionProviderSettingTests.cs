using Cappy.Scorer.Inference;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

public sealed class ExecutionProviderSettingTests
{
    [Theory]
    [InlineData("auto", ExecutionProviderKind.Auto, 0)]
    [InlineData("cpu", ExecutionProviderKind.Cpu, 0)]
    [InlineData("cuda", ExecutionProviderKind.Cuda, 0)]
    [InlineData("cuda:0", ExecutionProviderKind.Cuda, 0)]
    [InlineData("cuda:3", ExecutionProviderKind.Cuda, 3)]
    [InlineData("CUDA:12", ExecutionProviderKind.Cuda, 12)]
    [InlineData("Auto", ExecutionProviderKind.Auto, 0)]
    [InlineData(" cpu ", ExecutionProviderKind.Cpu, 0)]
    internal void TryParse_ValidSetting_ReturnsProvider(string value, ExecutionProviderKind kind, int deviceId)
    {
        var parsed = ExecutionProviderSetting.TryParse(value, out var setting);

        Assert.True(parsed);
        Assert.Equal(kind, setting.Kind);
        Assert.Equal(deviceId, setting.DeviceId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gpu")]
    [InlineData("tensorrt")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:+1")]
    [InlineData("cuda: 1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:1:2")]
    [InlineData("cuda0")]
    [InlineData("cpu:0")]
    [InlineData("cuda:99999999999")]
    public void TryParse_InvalidSetting_ReturnsFalse(string? value)
    {
        var parsed = ExecutionProviderSetting.TryParse(value, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void CudaName_IncludesDevice()
    {
        var setting = new ExecutionProviderSetting(ExecutionProviderKind.Cuda, 2);

        Assert.Equal("cuda:2", setting.CudaName);
    }

    [Fact]
    public void Create_InvalidProvider_NamesSetting()
    {
        var options = new ScorerOptions { ModelDirectory = "unused", ExecutionProvider = "gpu" };

        var exception = Assert.Throws<ArgumentException>(() => ScorerFactory.Create(options, new Cappy.Testing.RecordingLoggerFactory()));

        Assert.Contains("ExecutionProvider 'gpu' is invalid", exception.Message, StringComparison.Ordinal);
        Assert.Contains("auto, cpu, cuda or cuda:N", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SeveralInvalidSettings_ListsEach()
    {
        var options = new ScorerOptions { ModelDirectory = "unused", ExecutionProvider = "cuda:x", MaxLength = 0, IntraOpThreads = -1 };

        var exception = Assert.Throws<ArgumentException>(() => ScorerFactory.Create(options, new Cappy.Testing.RecordingLoggerFactory()));

        Assert.Contains("ExecutionProvider 'cuda:x'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLength 0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("IntraOpThreads -1", exception.Message, StringComparison.Ordinal);
    }
}
