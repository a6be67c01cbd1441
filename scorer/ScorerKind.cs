namespace Cappy.Scorer;

/// <summary>How a scorer model turns an (instruction, response) pair into a score.</summary>
public enum ScorerKind
{
    /// <summary>One row per pair; the score is the raw logit <c>logits[i][0]</c> (Cappy).</summary>
    CrossEncoder,

    /// <summary>Instruction and response are embedded apart; the score is their cosine similarity.</summary>
    BiEncoder,
}
