using System.Text.Json;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Validates a generation request body; on failure returns false and the error to send.</summary>
internal delegate bool GenerationRequestParser(JsonElement body, out GenerationRequest request, out RequestError? error);
