namespace Cappy.Proxy.Training;

/// <summary>
/// AdamW over float arrays, as PyTorch's <c>torch.optim.AdamW</c> computes it: decoupled weight decay
/// p ← p − lr·λ·p, then p ← p − lr · m̂ / (√v̂ + ε) with bias-corrected moments.
/// </summary>
internal sealed class AdamW
{
    private readonly float[][] parameters;
    private readonly double[][] firstMoments;
    private readonly double[][] secondMoments;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly double weightDecay;
    private int steps;

    public AdamW(float[][] parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        firstMoments = parameters.Select(parameter => new double[parameter.Length]).ToArray();
        secondMoments = parameters.Select(parameter => new double[parameter.Length]).ToArray();
    }

    /// <summary>Applies one update with <paramref name="gradients"/> (shaped like the parameters) at <paramref name="learningRate"/>.</summary>
    public void Step(float[][] gradients, double learningRate)
    {
        steps++;
        var correction1 = 1 - Math.Pow(beta1, steps);
        var correction2 = 1 - Math.Pow(beta2, steps);
        for (var p = 0; p < parameters.Length; p++)
        {
            var values = parameters[p];
            var gradient = gradients[p];
            var m = firstMoments[p];
            var v = secondMoments[p];
            for (var i = 0; i < values.Length; i++)
            {
                double g = gradient[i];
                m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
                var update = m[i] / correction1 / (Math.Sqrt(v[i] / correction2) + epsilon);
                var decayed = values[i] * (1 - (learningRate * weightDecay));
                values[i] = (float)(decayed - (learningRate * update));
            }
        }
    }
}
