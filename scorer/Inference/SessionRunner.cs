using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>Feeds a padded batch to a session and returns the one output its signature names.</summary>
internal static class SessionRunner
{
    /// <summary>
    /// Runs the batch. The input tensors wrap the batch's arrays without copying them. Cancellation is checked
    /// before the run and also stops a run in progress, which then throws <see cref="OperationCanceledException"/>.
    /// The caller disposes the returned output.
    /// </summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(
        InferenceSession session,
        ModelSignature signature,
        PaddedBatch batch,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        long[] shape = [batch.RowCount, batch.SequenceLength];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var tokenTypeIds = signature.TakesTokenTypeIds && batch.TokenTypeIds is not null
            ? OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape)
            : null;

        var names = new List<string>(3) { ModelSignature.InputIds, ModelSignature.AttentionMask };
        var values = new List<OrtValue>(3) { inputIds, attentionMask };
        if (tokenTypeIds is not null)
        {
            names.Add(ModelSignature.TokenTypeIds);
            values.Add(tokenTypeIds);
        }

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return session.Run(runOptions, names, values, [signature.OutputName]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The scoring run was cancelled.", cancellationToken);
        }
    }
}
