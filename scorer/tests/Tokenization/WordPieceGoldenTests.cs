using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

public sealed class WordPieceGoldenTests
{
    [SkippableFact]
    public void GoldenPairs_AllInputIdsMatch()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();
        var golden = GoldenFile.Read<GoldenPair>(TokenizerFixtures.MiniLmGoldenPairs);

        var mismatches = new List<string>();
        foreach (var (lineNumber, pair) in golden)
        {
            var actual = encoder.EncodePair(pair.Instruction, pair.Response, TokenizerFixtures.MiniLmMaxLength);
            if (!actual.InputIds.SequenceEqual(pair.InputIds))
            {
                mismatches.Add($"line {lineNumber}: {GoldenFile.DescribeDifference(pair.InputIds, actual.InputIds)}");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {golden.Count} lines of {TokenizerFixtures.MiniLmGoldenPairs} differ in input_ids:\n" + string.Join('\n', mismatches.Take(20)));
    }

    [SkippableFact]
    public void GoldenPairs_AllTokenTypeIdsMatch()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();
        var golden = GoldenFile.Read<GoldenPair>(TokenizerFixtures.MiniLmGoldenPairs);

        var mismatches = new List<string>();
        foreach (var (lineNumber, pair) in golden)
        {
            var expected = pair.TokenTypeIds ?? throw new InvalidDataException($"line {lineNumber} has no token_type_ids");
            var actual = encoder.EncodePair(pair.Instruction, pair.Response, TokenizerFixtures.MiniLmMaxLength).TokenTypeIds ?? [];
            if (!actual.SequenceEqual(expected))
            {
                mismatches.Add($"line {lineNumber}: {GoldenFile.DescribeDifference(expected, actual)}");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {golden.Count} lines of {TokenizerFixtures.MiniLmGoldenPairs} differ in token_type_ids:\n" + string.Join('\n', mismatches.Take(20)));
    }

    [SkippableFact]
    public void GoldenSingles_AllInputIdsMatch()
    {
        var encoder = TokenizerFixtures.MiniLmUncased();
        var golden = GoldenFile.Read<GoldenSingle>(TokenizerFixtures.MiniLmGoldenSingles);

        var mismatches = new List<string>();
        foreach (var (lineNumber, single) in golden)
        {
            var actual = encoder.EncodeSingle(single.Text, TokenizerFixtures.MiniLmMaxLength);
            if (!actual.InputIds.SequenceEqual(single.InputIds))
            {
                mismatches.Add($"line {lineNumber}: {GoldenFile.DescribeDifference(single.InputIds, actual.InputIds)}");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {golden.Count} lines of {TokenizerFixtures.MiniLmGoldenSingles} differ:\n" + string.Join('\n', mismatches.Take(20)));
    }
}
