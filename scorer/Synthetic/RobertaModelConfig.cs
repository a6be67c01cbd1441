namespace Cappy.Scorer.Synthetic;

/// <summary>
/// Shape and seed of a RoBERTa or BERT sequence-classification model with one output label.
/// </summary>
/// <param name="Layers">Number of encoder layers.</param>
/// <param name="Hidden">Hidden size, a multiple of <paramref name="Heads"/>.</param>
/// <param name="Heads">Number of self-attention heads.</param>
/// <param name="Intermediate">Inner size of each layer's feed-forward block.</param>
/// <param name="VocabularySize">Rows of the word embedding table. RoBERTa's byte-level BPE has 50,265.</param>
/// <param name="MaxPositions">
/// Rows of the position embedding table. In the RoBERTa family, position ids start at 2 because id 1 is the padding
/// id, so the longest row the model accepts has <c>MaxPositions - 2</c> tokens. In the BERT family it has
/// <c>MaxPositions</c> tokens.
/// </param>
/// <param name="Seed">Seed of the <see cref="Random"/> that draws every weight.</param>
public sealed record RobertaModelConfig(
    int Layers,
    int Hidden,
    int Heads,
    int Intermediate,
    int VocabularySize,
    int MaxPositions,
    int Seed)
{
    /// <summary>RoBERTa's padding token id, also the position id that pads get.</summary>
    public const int PaddingId = 1;

    /// <summary>The encoder family; <see cref="EncoderFamily.Roberta"/> unless set.</summary>
    public EncoderFamily Family { get; init; } = EncoderFamily.Roberta;

    /// <summary>Rows of the token type embedding table: 1 for RoBERTa, 2 for BERT.</summary>
    public int TypeVocabularySize => Family == EncoderFamily.Bert ? 2 : 1;

    /// <summary>Epsilon of every LayerNorm: 1e-5 for RoBERTa, 1e-12 for BERT, as their HuggingFace configs set.</summary>
    public float LayerNormEpsilon => Family == EncoderFamily.Bert ? 1e-12f : 1e-5f;

    /// <summary>The padding token id of the family's tokenizer: 1 for RoBERTa's BPE, 0 for BERT's WordPiece.</summary>
    public int PadTokenId => Family == EncoderFamily.Bert ? 0 : PaddingId;

    /// <summary>Longest row in tokens that the position embedding table covers.</summary>
    public int MaxSequenceLength => Family == EncoderFamily.Bert ? MaxPositions : MaxPositions - PaddingId - 1;

    /// <summary>A two-layer model with hidden size 32 and the full RoBERTa vocabulary, for fast tests.</summary>
    public static RobertaModelConfig Tiny { get; } = new(
        Layers: 2, Hidden: 32, Heads: 4, Intermediate: 64, VocabularySize: 50_265, MaxPositions: 514, Seed: 1234);

    /// <summary>The shape of roberta-large (and so of Cappy-large): 24 layers, hidden 1024, 16 heads, 355M parameters.</summary>
    public static RobertaModelConfig RobertaLarge { get; } = new(
        Layers: 24, Hidden: 1024, Heads: 16, Intermediate: 4096, VocabularySize: 50_265, MaxPositions: 514, Seed: 1234);

    /// <summary>Size of one attention head: <see cref="Hidden"/> / <see cref="Heads"/>.</summary>
    public int HeadSize => Hidden / Heads;

    /// <summary>Throws <see cref="ArgumentException"/> that lists every invalid value at once.</summary>
    internal void Validate()
    {
        var errors = new List<string>();
        if (Layers < 1)
        {
            errors.Add($"Layers must be at least 1 (got {Layers}).");
        }

        if (Hidden < 1)
        {
            errors.Add($"Hidden must be at least 1 (got {Hidden}).");
        }

        if (Heads < 1)
        {
            errors.Add($"Heads must be at least 1 (got {Heads}).");
        }
        else if (Hidden % Heads != 0)
        {
            errors.Add($"Hidden ({Hidden}) must be a multiple of Heads ({Heads}).");
        }

        if (Intermediate < 1)
        {
            errors.Add($"Intermediate must be at least 1 (got {Intermediate}).");
        }

        if (VocabularySize <= PaddingId)
        {
            errors.Add($"VocabularySize must be greater than the padding id {PaddingId} (got {VocabularySize}).");
        }

        if (Family == EncoderFamily.Bert && MaxPositions < 1)
        {
            errors.Add($"MaxPositions must be at least 1 (got {MaxPositions}).");
        }
        else if (Family == EncoderFamily.Roberta && MaxPositions <= PaddingId + 1)
        {
            errors.Add($"MaxPositions must be at least {PaddingId + 2} so that one token fits (got {MaxPositions}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {Family} model config: " + string.Join(" ", errors));
        }
    }
}
