using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Serializes response bodies the way Python servers do: non-ASCII text stays unescaped.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    public static IResult Result(JsonNode node, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(Serialize(node), "application/json", statusCode: statusCode);
}
