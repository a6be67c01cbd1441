using static TorchSharp.torch;

namespace Cappy.Proxy.Training;

/// <summary>Copies weights between a <see cref="CrossEncoderNetwork"/> and named row-major arrays, dense weights as [in, out].</summary>
internal static class NetworkWeights
{
    /// <summary>Copies every tensor of <paramref name="weights"/> into the network's parameters.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong number of values.</exception>
    public static void Load(CrossEncoderNetwork network, IReadOnlyDictionary<string, float[]> weights)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter, transposed) in network.NamedWeights())
        {
            if (!weights.TryGetValue(name, out var values))
            {
                throw new InvalidDataException($"Tensor {name} is missing from the weights to load.");
            }

            if (values.LongLength != parameter.numel())
            {
                throw new InvalidDataException(
                    $"Tensor {name} has {values.Length} values; the network's parameter [{string.Join(", ", parameter.shape)}] needs {parameter.numel()}.");
            }

            var shape = transposed ? [parameter.shape[1], parameter.shape[0]] : parameter.shape;
            using var source = tensor(values, shape);
            using var oriented = transposed ? source.t() : source.alias();
            parameter.copy_(oriented);
        }
    }

    /// <summary>Returns the network's parameters by tensor name, on the CPU.</summary>
    public static Dictionary<string, float[]> Export(CrossEncoderNetwork network)
    {
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, parameter, transposed) in network.NamedWeights())
        {
            using var cpu = parameter.detach().cpu();
            using var oriented = transposed ? cpu.t().contiguous() : cpu.contiguous();
            weights[name] = oriented.data<float>().ToArray();
        }

        return weights;
    }
}
