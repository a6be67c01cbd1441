using System.Diagnostics;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Tokenization;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Times batches on the model's bare ONNX Runtime session, one after another on the calling thread, as the
/// pipeline's loop thread runs them. Every batch's tensors are built before the clock starts, so only session
/// runs are timed.
/// </summary>
internal static class BareSessionTimer
{
    /// <summary>
    /// Runs <paramref name="batches"/> padded to each batch's longest row, as the pipeline pads them. Stops after
    /// the batch that ends past <paramref name="deadline"/>.
    /// </summary>
    public static BareRunTime TimeDynamic(IScoringModel model, IReadOnlyList<EncodedInput[]> batches, long deadline)
    {
        var padded = batches.Select(rows => PaddedBatch.Create(rows, model.PadTokenId, model.Signature.TakesTokenTypeIds)).ToArray();
        return Time(batches, deadline, index =>
        {
            using var outputs = SessionRunner.Run(model.Session, model.Signature, padded[index], CancellationToken.None);
        });
    }

    /// <summary>Runs <paramref name="batches"/> with every row padded to <paramref name="length"/> tokens.</summary>
    public static BareRunTime TimeFixedLength(IScoringModel model, IReadOnlyList<EncodedInput[]> batches, int length, long deadline)
    {
        var padded = batches.Select(rows => FixedLengthBatch.Create(rows, length, model.PadTokenId, model.Signature.TakesTokenTypeIds)).ToArray();
        return Time(batches, deadline, index => padded[index].Run(model.Session, model.Signature));
    }

    private static BareRunTime Time(IReadOnlyList<EncodedInput[]> batches, long deadline, Action<int> run)
    {
        var seconds = 0.0;
        var rows = 0;
        var tokens = 0L;
        var count = 0;
        while (count < batches.Count && (count == 0 || Stopwatch.GetTimestamp() < deadline))
        {
            var start = Stopwatch.GetTimestamp();
            run(count);
            seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            rows += batches[count].Length;
            tokens += batches[count].Sum(row => (long)row.Length);
            count++;
        }

        return new BareRunTime(count, rows, tokens, seconds);
    }
}
