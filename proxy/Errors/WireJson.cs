using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cappy.Proxy.Errors;

/// <summary>
/// JSON writing for response bodies: quotes and non-ASCII text written as themselves instead of <c>\u0022</c>
/// escapes. Safe because the bodies are <c>application/json</c> or event streams, never embedded in HTML.
/// </summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
