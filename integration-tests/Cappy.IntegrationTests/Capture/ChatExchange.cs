using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;

namespace Cappy.IntegrationTests.Capture;

/// <summary>One chat request through the proxy and what the client got back.</summary>
internal sealed record ChatExchange(string Instruction, HttpStatusCode Status, JsonObject Body, string? ScoreHeader)
{
    public string Content => Body["choices"]![0]!["message"]!["content"]!.GetValue<string>();

    public float Score => float.Parse(ScoreHeader!, CultureInfo.InvariantCulture);

    /// <summary>Posts a one-message chat request with the instruction as the user message, over plain HTTP.</summary>
    public static async Task<ChatExchange> SendAsync(ProxyHost proxy, string instruction)
    {
        var body = new JsonObject
        {
            ["model"] = "simulated-model",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = instruction }),
        };
        using var response = await proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var score = response.Headers.TryGetValues("x-cappy-score", out var values) ? values.Single() : null;
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return new ChatExchange(instruction, response.StatusCode, json, score);
    }
}
