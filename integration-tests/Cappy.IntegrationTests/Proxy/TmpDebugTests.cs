using Xunit;
using Xunit.Abstractions;
namespace Cappy.IntegrationTests.Proxy;
[Collection(ProxyTestGroup.Name)]
public sealed class TmpDebugTests(ScorerFixture scorer, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Debug()
    {
        var items = await ScoredInstruction.LoadAsync();
        foreach (var item in items)
        {
            var scores = await scorer.Scorer.ScoreAsync(item.Instruction, item.Outputs, CancellationToken.None);
            output.WriteLine($"{scores.Max()} {item.Scores.Max()} {string.Join(",", scores)} | {string.Join(",", item.Scores)}");
        }
    }
}
