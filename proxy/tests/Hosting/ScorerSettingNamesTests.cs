using Cappy.Proxy.Hosting;
using Xunit;

namespace Cappy.Proxy.Tests.Hosting;

public sealed class ScorerSettingNamesTests
{
    [Fact]
    public void Describe_SettingName_BecomesOption()
    {
        var message = ScorerSettingNames.Describe(new InvalidOperationException("ExecutionProvider 'gpu' is invalid; Batching.MaxBatchRows must be positive."));

        Assert.Equal("--device (CAPPY_DEVICE) 'gpu' is invalid; --max-batch-rows (CAPPY_MAX_BATCH_ROWS) must be positive.", message);
    }

    [Fact]
    public void Describe_NameInsideLongerWord_StaysUnchanged()
    {
        const string OrtMessage = "[ErrorCode:Fail] OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library";

        var message = ScorerSettingNames.Describe(new InvalidOperationException($"ExecutionProvider 'cuda' failed: {OrtMessage}"));

        Assert.Equal($"--device (CAPPY_DEVICE) 'cuda' failed: {OrtMessage}", message);
    }

    [Fact]
    public void Describe_ArgumentException_DropsParameterSuffix()
    {
        var message = ScorerSettingNames.Describe(new ArgumentException("MaxLength must be at least 8.", "options"));

        Assert.Equal("--max-length (CAPPY_MAX_LENGTH) must be at least 8.", message);
    }
}
