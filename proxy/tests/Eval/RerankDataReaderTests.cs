using Cappy.Proxy.Eval;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

public sealed class RerankDataReaderTests
{
    [Fact]
    public void Read_BigBenchDecodingsInOrder()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Eval", "Data", "bigbench-sample.jsonl"));
        var examples = RerankDataReader.Read(reader);

        Assert.Equal(2, examples.Count);
        Assert.Equal(["greedy", "sample", "sample"], examples[1].Candidates.Select(candidate => candidate.Decoding));
        Assert.Equal(-0.5, examples[1].Candidates[1].LogLikelihoodSum);
        Assert.Equal(-0.2, examples[1].Candidates[1].LogLikelihoodMean);
    }

    [Fact]
    public void Read_MissingFieldNamesLine()
    {
        using var reader = new StringReader("\n{\"instruction\": \"q\", \"candidates\": [{\"generator\": \"g\", \"output\": \"a\"}]}\n");
        var exception = Assert.Throws<EvalDataException>(() => RerankDataReader.Read(reader));

        Assert.Equal("line 2: missing field \"win_prob\".", exception.Message);
    }

    [Fact]
    public void Read_IdIsOptional()
    {
        using var reader = new StringReader(
            "{\"id\": 12, \"instruction\": \"q\", \"candidates\": [{\"generator\": \"g\", \"output\": \"a\", \"win_prob\": 0.5}]}\n"
            + "{\"instruction\": \"r\", \"candidates\": [{\"generator\": \"g\", \"output\": \"b\", \"win_prob\": 0.1}]}");
        var examples = RerankDataReader.Read(reader);

        Assert.Equal([12L, null], examples.Select(example => example.Id));
    }

    [Fact]
    public void Read_NonIntegerIdRejected()
    {
        using var reader = new StringReader("{\"id\": \"7\", \"instruction\": \"q\", \"candidates\": []}");
        var exception = Assert.Throws<EvalDataException>(() => RerankDataReader.Read(reader));

        Assert.Equal("line 1: missing or non-integer field \"id\".", exception.Message);
    }

    [Fact]
    public void Read_UnknownFormatRejected()
    {
        using var reader = new StringReader("{\"instruction\": \"q\", \"answers\": []}");
        var exception = Assert.Throws<EvalDataException>(() => RerankDataReader.Read(reader));

        Assert.StartsWith("line 1: expected a \"candidates\" list", exception.Message, StringComparison.Ordinal);
    }
}
