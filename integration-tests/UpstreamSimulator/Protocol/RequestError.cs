namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>A request validation failure, sent as HTTP 400 with <c>type</c> <c>invalid_request_error</c>.</summary>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Param">The request field at fault, or null when the body as a whole is invalid.</param>
internal sealed record RequestError(string Message, string? Param);
