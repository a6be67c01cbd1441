using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.IntegrationTests.Simulator;
using Xunit;

namespace Cappy.IntegrationTests.Observability;

/// <summary>
/// <c>x-cappy-upstream-ms</c> and <c>x-cappy-scorer-ms</c> on reranked responses: response headers when not
/// streamed, leading <c>: name: value</c> comments when streamed. Only their form is checked, never their size.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class TimingHeaderTests(ScorerFixture scorer)
{
    private static readonly string[] TimingHeaders = ["x-cappy-upstream-ms", "x-cappy-scorer-ms"];

    [SkippableFact]
    public async Task NonStreamedResponse_HasTimingHeaders()
    {
        var (instruction, _) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);

        using var response = await stack.Proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody(instruction, stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in TimingHeaders)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{name} is missing");
            AssertMilliseconds(name, Assert.Single(values));
        }
    }

    [SkippableFact]
    public async Task StreamedResponse_HasTimingComments()
    {
        var (instruction, _) = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        await using var stack = await RerankStack.StartAsync(scorer.Scorer);

        using var response = await stack.Proxy.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), ChatBody(instruction, stream: true));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var leadingComments = lines.TakeWhile(line => !line.StartsWith("data: ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in TimingHeaders)
        {
            var comment = Assert.Single(leadingComments, line => line.StartsWith($": {name}: ", StringComparison.Ordinal));
            AssertMilliseconds(name, comment[$": {name}: ".Length..]);
        }
    }

    private static void AssertMilliseconds(string name, string text)
    {
        Assert.True(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds), $"{name} is not a number: '{text}'");
        Assert.True(double.IsFinite(milliseconds), $"{name} is not finite: '{text}'");
        Assert.True(milliseconds >= 0, $"{name} is negative: '{text}'");
    }

    private static StringContent ChatBody(string instruction, bool stream)
    {
        var body = new JsonObject
        {
            ["model"] = "m",
            ["stream"] = stream,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = instruction }),
        };
        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
