namespace Cappy.Scorer.Synthetic;

/// <summary>The transformer encoder family of a sequence-classification model, which fixes its embeddings and inputs.</summary>
public enum EncoderFamily
{
    /// <summary>
    /// RoBERTa: position ids count up from the padding id + 1, one token type, LayerNorm epsilon 1e-5, inputs
    /// <c>input_ids</c> and <c>attention_mask</c>.
    /// </summary>
    Roberta,

    /// <summary>
    /// BERT (and MiniLM): position ids 0 to n - 1, two token types fed as <c>token_type_ids</c>, LayerNorm epsilon 1e-12.
    /// </summary>
    Bert,
}
