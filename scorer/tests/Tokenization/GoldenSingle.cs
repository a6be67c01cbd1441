using System.Text.Json.Serialization;

namespace Cappy.Scorer.Tests.Tokenization;

/// <summary>One line of a golden singles file: a text and the ids HuggingFace tokenizers produced for it.</summary>
internal sealed record GoldenSingle(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("input_ids")] int[] InputIds);
