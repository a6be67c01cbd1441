using System.Net;
using System.Text.Json.Nodes;

namespace Cappy.IntegrationTests.Reliability;

/// <summary>The parts of a proxy response the tests check.</summary>
internal sealed record ProxyReply(HttpStatusCode Status, string Body, string? RetryAfter, string? Candidates)
{
    public string ChatContent => JsonNode.Parse(Body)!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
}
