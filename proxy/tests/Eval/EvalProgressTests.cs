using Cappy.Proxy.Eval;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

public sealed class EvalProgressTests
{
    [Fact]
    public void Completed_WritesEveryFivePercentWithEta()
    {
        var clock = new SteppedTimeProvider();
        using var output = new StringWriter();
        var progress = new EvalProgress(40, output, clock);

        for (var i = 0; i < 40; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            progress.Completed();
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, lines.Length);
        Assert.Equal("eval: [#...................] 2/40 examples scored (5 %), 2.0 s elapsed, ETA 38 s", lines[0]);
        Assert.Equal("eval: [##########..........] 20/40 examples scored (50 %), 20.0 s elapsed, ETA 20 s", lines[9]);
        Assert.Equal("eval: [####################] 40/40 examples scored (100 %), 40.0 s elapsed, ETA 0 s", lines[^1]);
    }

    [Fact]
    public void Completed_FewExamplesWritesEachOne()
    {
        using var output = new StringWriter();
        var progress = new EvalProgress(3, output, new SteppedTimeProvider());

        progress.Completed();
        progress.Completed();
        progress.Completed();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["eval: [######..............] 1/3 examples scored (33 %)", "eval: [#############.......] 2/3 examples scored (66 %)", "eval: [####################] 3/3 examples scored (100 %)"], lines.Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)]));
    }
}
