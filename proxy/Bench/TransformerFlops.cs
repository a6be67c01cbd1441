using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Counts the floating-point operations of a BERT-style encoder (RoBERTa, BERT) for one row, from the sizes in
/// its HuggingFace <c>config.json</c>.
/// </summary>
/// <remarks>
/// Per token, each layer multiplies by four H×H matrices (query, key, value, attention output) and by the
/// feed-forward H×I and I×H matrices: P = L × (4H² + 2HI) weights, at 2 FLOPs (multiply and add) each. Attention
/// adds QKᵀ and scores × V, 2 × n² × H each per layer. Embeddings, softmax, layer norms, GELU and the
/// classification head (about 2H² per row) are left out, so the count is slightly low.
/// </remarks>
/// <param name="Layers">Encoder layers (<c>num_hidden_layers</c>).</param>
/// <param name="Hidden">Hidden size (<c>hidden_size</c>).</param>
/// <param name="Intermediate">Feed-forward inner size (<c>intermediate_size</c>).</param>
internal sealed record TransformerFlops(int Layers, int Hidden, int Intermediate)
{
    /// <summary>The formula in words, for the table and the JSON file.</summary>
    public const string Formula = "FLOPs per row = 2 × P × n + 4 × L × H × n², P = L × (4H² + 2HI) encoder MatMul weights, n = the row's real (unpadded) tokens";

    /// <summary>Weights of the encoder's matrix multiplications, P in the formula.</summary>
    public long MatMulParameters => (long)Layers * ((4L * Hidden * Hidden) + (2L * Hidden * Intermediate));

    /// <summary>Returns the FLOPs of one row of <paramref name="tokens"/> tokens.</summary>
    public double RowFlops(int tokens) =>
        (2.0 * MatMulParameters * tokens) + (4.0 * Layers * Hidden * (double)tokens * tokens);

    /// <summary>
    /// Reads <c>config.json</c> in <paramref name="modelDirectory"/>; returns null when the file or one of the
    /// three sizes is missing.
    /// </summary>
    public static TransformerFlops? ReadConfig(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && TryGetPositive(root, "num_hidden_layers", out var layers)
                && TryGetPositive(root, "hidden_size", out var hidden)
                && TryGetPositive(root, "intermediate_size", out var intermediate))
            {
                return new TransformerFlops(layers, hidden, intermediate);
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetPositive(JsonElement root, string name, out int value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.Number
            && element.TryGetInt32(out value)
            && value > 0;
    }
}
