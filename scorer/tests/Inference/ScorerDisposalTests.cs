using Cappy.Scorer.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.Scorer.Tests.Inference;

public sealed class ScorerDisposalTests
{
    [Fact]
    public async Task ScoreAfterDispose_ThrowsObjectDisposed()
    {
        var scorer = ScorerFactory.Create(new ScorerOptions { ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
        scorer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => scorer.ScoreAsync("Name a colour.", ["Red."], CancellationToken.None).AsTask());
    }
}
