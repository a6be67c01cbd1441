namespace Cappy.Scorer.Tokenization;

/// <summary>
/// Token ids of one model row, with segment ids for models that take <c>token_type_ids</c> (null otherwise).
/// </summary>
public sealed record EncodedInput(int[] InputIds, int[]? TokenTypeIds)
{
    /// <summary>Number of tokens in the row, special tokens included.</summary>
    public int Length => InputIds.Length;
}
