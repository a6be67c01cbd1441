namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>The fields of a <c>/v1/embeddings</c> request that the simulator acts on.</summary>
/// <param name="Inputs">Each input as text; a token-id input is kept as its JSON text, such as <c>[1,2,3]</c>.</param>
/// <param name="PromptTokens">Words (text inputs) plus ids (token-id inputs) over all inputs.</param>
/// <param name="Model">The requested model name, or null to report the configured one.</param>
/// <param name="Dimensions">The vector length.</param>
/// <param name="Base64">Whether <c>encoding_format</c> is <c>base64</c> (little-endian float32) instead of <c>float</c>.</param>
internal sealed record EmbeddingRequest(
    IReadOnlyList<string> Inputs, int PromptTokens, string? Model, int Dimensions, bool Base64);
