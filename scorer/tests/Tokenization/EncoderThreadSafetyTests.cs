using Cappy.Scorer.Tokenization;
using Xunit;

namespace Cappy.Scorer.Tests.Tokenization;

public sealed class EncoderThreadSafetyTests
{
    [SkippableFact]
    public void RobertaParallelEncode_EqualsSequential()
    {
        var pairs = GoldenFile.Read<GoldenPair>(TokenizerFixtures.RobertaGoldenPairs).Select(line => line.Record).ToArray();

        var mismatches = CountParallelMismatches(TokenizerFixtures.Roberta, pairs, TokenizerFixtures.RobertaMaxLength);

        Assert.True(mismatches == 0, $"{mismatches} parallel encodings differ from sequential ones");
    }

    [SkippableFact]
    public void WordPieceParallelEncode_EqualsSequential()
    {
        var pairs = GoldenFile.Read<GoldenPair>(TokenizerFixtures.MiniLmGoldenPairs).Select(line => line.Record).ToArray();

        var mismatches = CountParallelMismatches(TokenizerFixtures.CreateMiniLmUncased, pairs, TokenizerFixtures.MiniLmMaxLength);

        Assert.True(mismatches == 0, $"{mismatches} parallel encodings differ from sequential ones");
    }

    /// <summary>
    /// Encodes every pair four times over on parallel threads in shuffled order with a fresh encoder, whose caches
    /// start empty, and compares with a second fresh encoder used on one thread.
    /// </summary>
    private static int CountParallelMismatches(Func<IPairEncoder> createEncoder, GoldenPair[] pairs, int maxLength)
    {
        var encoder = createEncoder();
        var reference = createEncoder();
        var sequential = pairs.Select(pair => reference.EncodePair(pair.Instruction, pair.Response, maxLength).InputIds).ToArray();

        var order = Enumerable.Range(0, pairs.Length * 4).Select(i => i % pairs.Length).ToArray();
        new Random(7).Shuffle(order);

        var mismatches = 0;
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 8 }, index =>
        {
            var pair = pairs[index];
            var ids = encoder.EncodePair(pair.Instruction, pair.Response, maxLength).InputIds;
            if (!ids.SequenceEqual(sequential[index]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        return mismatches;
    }
}
