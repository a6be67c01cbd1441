namespace Cappy.UpstreamSimulator.Responses;

/// <summary>The fields that a whole response and all its stream chunks share.</summary>
/// <param name="Id">The response id, such as <c>chatcmpl-</c> followed by 32 hex digits.</param>
/// <param name="Created">Creation time in Unix seconds.</param>
/// <param name="Model">The requested model name, or the configured one when the request named none.</param>
internal sealed record ResponseMetadata(string Id, long Created, string Model);
