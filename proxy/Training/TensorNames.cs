using Cappy.Scorer.Synthetic;

namespace Cappy.Proxy.Training;

/// <summary>Maps the parameter names of HuggingFace BERT and RoBERTa checkpoints to those of <see cref="RobertaTensorLayout"/>.</summary>
internal static class TensorNames
{
    /// <summary>
    /// Returns the layout name of <paramref name="name"/>. Names without a family prefix (<c>embeddings.…</c>,
    /// <c>encoder.…</c>, as sentence-transformers stores them) get the family's, and the BERT pooler and classifier
    /// map to the shared head (<c>classifier.dense</c>, <c>classifier.out_proj</c>).
    /// </summary>
    public static string Canonical(string name, EncoderFamily family)
    {
        var withoutPrefix = name;
        foreach (var prefix in new[] { "bert.", "roberta." })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                withoutPrefix = name[prefix.Length..];
            }
        }

        if (withoutPrefix.StartsWith("pooler.dense.", StringComparison.Ordinal))
        {
            return "classifier.dense." + withoutPrefix["pooler.dense.".Length..];
        }

        if (withoutPrefix is "classifier.weight" or "classifier.bias")
        {
            return "classifier.out_proj." + withoutPrefix["classifier.".Length..];
        }

        return withoutPrefix.StartsWith("classifier.", StringComparison.Ordinal)
            ? withoutPrefix
            : RobertaTensorLayout.Name(family, "roberta." + withoutPrefix);
    }
}
