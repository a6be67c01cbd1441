namespace Cappy.Scorer.Synthetic;

/// <summary>What a weight tensor is for, which decides how its values are drawn.</summary>
internal enum RobertaTensorRole
{
    /// <summary>Embedding table or dense weight: normal with mean 0 and standard deviation 0.02, as HuggingFace initializes.</summary>
    Weight,

    /// <summary>Dense bias or LayerNorm shift: normal with mean 0 and standard deviation 0.02.</summary>
    Bias,

    /// <summary>LayerNorm scale: 1 plus normal noise with standard deviation 0.02.</summary>
    LayerNormScale,
}
