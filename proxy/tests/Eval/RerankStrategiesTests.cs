using Cappy.Proxy.Eval;
using Cappy.Testing;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

public sealed class RerankStrategiesTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Add_AlpacaStrategies()
    {
        var averages = new StrategyAverages();
        RerankStrategies.Add(averages, new RerankExample(1, "q1", [
            new RerankCandidate("short", 0.1, Generator: "g1"),
            new RerankCandidate("a much longer text", 0.5, Generator: "g2"),
            new RerankCandidate("mid text", 0.3, Generator: "g3"),
        ]), [0.2f, 0.1f, 0.9f]);
        RerankStrategies.Add(averages, new RerankExample(2, "q2", [
            new RerankCandidate("longest answer here", 0.0, Generator: "g1"),
            new RerankCandidate("tiny", 1.0, Generator: "g2"),
        ]), [1f, 1f]);
        var means = averages.Means().ToDictionary();

        Assert.Equal(["scorer", "random", "longest", "first", "g1", "g2", "g3", "oracle"], averages.Means().Select(pair => pair.Key));
        Assert.Equal((0.3 + 0.0) / 2, means["scorer"], Tolerance);
        Assert.Equal((0.3 + 0.5) / 2, means["random"], Tolerance);
        Assert.Equal((0.5 + 0.0) / 2, means["longest"], Tolerance);
        Assert.Equal((0.1 + 0.0) / 2, means["first"], Tolerance);
        Assert.Equal((0.1 + 0.0) / 2, means["g1"], Tolerance);
        Assert.Equal((0.5 + 1.0) / 2, means["g2"], Tolerance);
        Assert.Equal(0.3, means["g3"], Tolerance);
        Assert.Equal((0.5 + 1.0) / 2, means["oracle"], Tolerance);
    }

    [Fact]
    public void Add_NaNScoreRanksLast()
    {
        var averages = new StrategyAverages();
        RerankStrategies.Add(averages, new RerankExample(1, "q", [
            new RerankCandidate("a", 0.1, Generator: "g1"),
            new RerankCandidate("b", 0.7, Generator: "g2"),
        ]), [float.NaN, -3f]);

        Assert.Equal(0.7, averages.Means().ToDictionary()["scorer"], Tolerance);
    }

    [Fact]
    public void Add_BigBenchStrategies()
    {
        IReadOnlyList<RerankExample> examples;
        using (var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Eval", "Data", "bigbench-sample.jsonl")))
        {
            examples = RerankDataReader.Read(reader);
        }

        var averages = new StrategyAverages();
        RerankStrategies.Add(averages, examples[0], [0f, 5f, 1f]);
        RerankStrategies.Add(averages, examples[1], [0.3f, 0.1f, 0.2f]);
        var means = averages.Means().ToDictionary();

        // Sample qualities (best ROUGE-L F over the references), by hand: line 1 [2/3, 2/9, 1], line 2 [1, 0, 1/2].
        Assert.Equal(["scorer", "random", "first_greedy", "first_sample", "self_score_sum", "self_score_mean", "oracle"], averages.Means().Select(pair => pair.Key));
        Assert.Equal((2.0 / 9 + 1) / 2, means["scorer"], Tolerance);
        Assert.Equal((17.0 / 27 + 0.5) / 2, means["random"], Tolerance);
        Assert.Equal((2.0 / 3 + 1) / 2, means["first_greedy"], Tolerance);
        Assert.Equal((2.0 / 9 + 0) / 2, means["first_sample"], Tolerance);
        Assert.Equal((2.0 / 3 + 0) / 2, means["self_score_sum"], Tolerance);
        Assert.Equal((1 + 0) / 2.0, means["self_score_mean"], Tolerance);
        Assert.Equal(1, means["oracle"], Tolerance);
    }

    [SkippableFact]
    public void Add_AlpacaReferenceBaselines()
    {
        // The baseline picks do not depend on the scorer, so zero scores suffice.
        IReadOnlyList<RerankExample> examples;
        using (var reader = File.OpenText(SharedData.RequireFile("data/alpaca-candidates.jsonl")))
        {
            examples = RerankDataReader.Read(reader);
        }

        var averages = new StrategyAverages();
        foreach (var example in examples)
        {
            RerankStrategies.Add(averages, example, new float[example.Candidates.Count]);
        }

        var means = averages.Means().ToDictionary();
        Assert.Equal(300, examples.Count);
        Assert.Equal(0.070, means["random"], 0.0005);
        Assert.Equal(0.113, means["longest"], 0.0005);
        Assert.Equal(0.157, means["claude-2"], 0.0005);
        Assert.Equal(0.259, means["oracle"], 0.0005);
    }
}
