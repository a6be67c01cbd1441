using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

public sealed class RobertaGoldenTests
{
    [SkippableFact]
    public void GoldenPairs_AllLinesMatch()
    {
        var encoder = TokenizerFixtures.Roberta();
        var golden = GoldenFile.Read<GoldenPair>(TokenizerFixtures.RobertaGoldenPairs);

        var mismatches = new List<string>();
        foreach (var (lineNumber, pair) in golden)
        {
            var actual = encoder.EncodePair(pair.Instruction, pair.Response, TokenizerFixtures.RobertaMaxLength);
            if (!actual.InputIds.SequenceEqual(pair.InputIds))
            {
                mismatches.Add($"line {lineNumber}: {GoldenFile.DescribeDifference(pair.InputIds, actual.InputIds)}");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {golden.Count} lines of {TokenizerFixtures.RobertaGoldenPairs} differ:\n" + string.Join('\n', mismatches.Take(20)));
    }

    [SkippableFact]
    public void GoldenPairs_NoTokenTypeIds()
    {
        var encoder = TokenizerFixtures.Roberta();
        var (_, pair) = GoldenFile.Read<GoldenPair>(TokenizerFixtures.RobertaGoldenPairs)[0];

        var actual = encoder.EncodePair(pair.Instruction, pair.Response, TokenizerFixtures.RobertaMaxLength);

        Assert.False(encoder.ProducesTokenTypeIds);
        Assert.Null(actual.TokenTypeIds);
    }
}
