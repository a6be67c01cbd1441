using System.Text.Json.Serialization;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>One line of a golden pairs file: a pair and the ids HuggingFace tokenizers produced for it.</summary>
internal sealed record GoldenPair(
    [property: JsonPropertyName("instruction")] string Instruction,
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("input_ids")] int[] InputIds,
    [property: JsonPropertyName("token_type_ids")] int[]? TokenTypeIds);
