namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Turns text into the token ids a scorer model is fed: a pair for a cross-encoder, one text for a bi-encoder.
/// </summary>
public interface IPairEncoder
{
    /// <summary>Whether the model family takes <c>token_type_ids</c> (BERT WordPiece) besides the ids.</summary>
    bool ProducesTokenTypeIds { get; }

    /// <summary>The id that pads a row to the batch's longest row, fed with attention mask 0.</summary>
    int PadTokenId { get; }

    /// <summary>
    /// Encodes (first, second) in the model's pair layout, truncated to <paramref name="maxLength"/> tokens
    /// including special tokens with HuggingFace's <c>longest_first</c> rule.
    /// </summary>
    EncodedInput EncodePair(string first, string second, int maxLength);

    /// <summary>Encodes one text with its special tokens, truncated to <paramref name="maxLength"/> tokens.</summary>
    EncodedInput EncodeSingle(string text, int maxLength);
}
