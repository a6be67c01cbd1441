using Cappy.Scorer.Tokenization;
using static TorchSharp.torch;

namespace Cappy.Proxy.Training;

/// <summary>Scores (instruction, response) pairs with a network in evaluation mode, as the served model would.</summary>
internal static class NetworkScores
{
    /// <summary>Returns <c>logits[i][0]</c> of each pair, scored one pair a batch so that no padding is involved.</summary>
    public static float[] Score(
        CrossEncoderNetwork network,
        IPairEncoder encoder,
        IReadOnlyList<(string Instruction, string Response)> pairs,
        int maxLength,
        Device device)
    {
        var wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            var scores = new float[pairs.Count];
            for (var i = 0; i < pairs.Count; i++)
            {
                using var scope = NewDisposeScope();
                var batch = TokenBatch.Create([encoder.EncodePair(pairs[i].Instruction, pairs[i].Response, maxLength)], encoder.PadTokenId);
                var logits = network.forward(batch.InputIdsTensor(device), batch.AttentionMaskTensor(device), batch.TokenTypeIdsTensor(device));
                scores[i] = logits.cpu().data<float>()[0];
            }

            return scores;
        }
        finally
        {
            network.train(wasTraining);
        }
    }
}
