using Cappy.Proxy.Training;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

public sealed class ClassificationHeadTests
{
    private const int Hidden = 6;

    [Fact]
    public void Gradient_MatchesCentralDifferences()
    {
        var random = new Random(5);
        var head = new ClassificationHead(Hidden);
        foreach (var parameter in head.Parameters)
        {
            for (var i = 0; i < parameter.Length; i++)
            {
                parameter[i] = (float)((random.NextDouble() * 2) - 1) * 0.5f;
            }
        }

        var examples = Enumerable.Range(0, 3)
            .Select(_ => (Features: Enumerable.Range(0, Hidden).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray(), Label: (float)random.NextDouble()))
            .ToArray();
        var gradients = head.Parameters.Select(parameter => new float[parameter.Length]).ToArray();
        var activations = new float[Hidden];
        var delta = new float[Hidden];
        var scale = 1f / examples.Length;
        foreach (var (features, label) in examples)
        {
            head.AccumulateGradient(features, label, scale, gradients, activations, delta);
        }

        // Mean squared error over the examples, in float64 with the parameters as given.
        double Loss(double[][] parameters)
        {
            var sum = 0.0;
            foreach (var (features, label) in examples)
            {
                var logit = parameters[3][0];
                for (var o = 0; o < Hidden; o++)
                {
                    var z = parameters[1][o];
                    for (var i = 0; i < Hidden; i++)
                    {
                        z += features[i] * parameters[0][(i * Hidden) + o];
                    }

                    logit += Math.Tanh(z) * parameters[2][o];
                }

                sum += (logit - label) * (logit - label);
            }

            return sum / examples.Length;
        }

        var point = head.Parameters.Select(parameter => parameter.Select(value => (double)value).ToArray()).ToArray();
        const double Step = 1e-5;
        for (var p = 0; p < point.Length; p++)
        {
            for (var i = 0; i < point[p].Length; i++)
            {
                var original = point[p][i];
                point[p][i] = original + Step;
                var above = Loss(point);
                point[p][i] = original - Step;
                var below = Loss(point);
                point[p][i] = original;
                var numeric = (above - below) / (2 * Step);
                Assert.True(
                    Math.Abs(numeric - gradients[p][i]) < 1e-4 + (1e-3 * Math.Abs(numeric)),
                    $"Parameter array {p}, index {i}: analytic {gradients[p][i]}, central difference {numeric}.");
            }
        }
    }

    [Fact]
    public void AdamW_FirstStepMovesByLearningRate()
    {
        // With bias correction, Adam's first update is lr * g / (|g| + eps): about lr in the direction against the gradient.
        float[] weights = [1f, -2f, 0.5f];
        var optimizer = new AdamW([weights], weightDecay: 0.1);

        optimizer.Step([[0.3f, -0.02f, 4f]], learningRate: 0.01);

        Assert.Equal(1f - (0.01f * 0.1f * 1f) - 0.01f, weights[0], 1e-6f);
        Assert.Equal(-2f - (0.01f * 0.1f * -2f) + 0.01f, weights[1], 1e-6f);
        Assert.Equal(0.5f - (0.01f * 0.1f * 0.5f) - 0.01f, weights[2], 1e-6f);
    }
}
