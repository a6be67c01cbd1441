using System.Net;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Proxy;
using Cappy.Proxy.Hosting;
using Cappy.Proxy.RerankApi;
using Xunit;

namespace Cappy.IntegrationTests.RerankApi;

/// <summary>
/// Invalid requests to the rerank and score endpoints over real HTTP: each gets a 400 or 413 in the OpenAI error
/// shape that names the field, on TEI's path too, and never a 500.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class RerankApiValidationTests(ScorerFixture fixture)
{
    public static TheoryData<string, string, string, string?> InvalidBodies => new()
    {
        { "/v1/rerank", "", "invalid_json", null },
        { "/v1/rerank", "{", "invalid_json", null },
        { "/v1/rerank", "[]", "invalid_json", null },
        { "/v1/rerank", """{"documents": ["a"]}""", "invalid_value", "query" },
        { "/v1/rerank", """{"query": "", "documents": ["a"]}""", "invalid_value", "query" },
        { "/v1/rerank", """{"query": "   ", "documents": ["a"]}""", "invalid_value", "query" },
        { "/v1/rerank", """{"query": 5, "documents": ["a"]}""", "invalid_value", "query" },
        { "/v1/rerank", """{"query": "q"}""", "invalid_value", "documents" },
        { "/v1/rerank", """{"query": "q", "documents": []}""", "invalid_value", "documents" },
        { "/v1/rerank", """{"query": "q", "documents": "a"}""", "invalid_value", "documents" },
        { "/v1/rerank", """{"query": "q", "documents": ["a", 7]}""", "invalid_value", "documents[1]" },
        { "/v1/rerank", """{"query": "q", "documents": [{"title": "a"}]}""", "invalid_value", "documents[0]" },
        { "/v1/rerank", """{"query": "q", "documents": ["a"], "top_n": 0}""", "invalid_value", "top_n" },
        { "/v1/rerank", """{"query": "q", "documents": ["a"], "top_n": -1}""", "invalid_value", "top_n" },
        { "/v1/rerank", """{"query": "q", "documents": ["a"], "top_n": "3"}""", "invalid_value", "top_n" },
        { "/v1/rerank", """{"query": "q", "documents": ["a"], "top_n": 2.5}""", "invalid_value", "top_n" },
        { "/v1/rerank", """{"query": "q", "documents": ["a"], "return_documents": "yes"}""", "invalid_value", "return_documents" },
        { "/v1/rerank", """{"model": 5, "query": "q", "documents": ["a"]}""", "invalid_value", "model" },
        { "/v1/rerank", """{"model": "rerank-v3.5", "query": "q", "documents": ["a"]}""", "invalid_value", "model" },
        { "/rerank", "nope", "invalid_json", null },
        { "/rerank", """{"texts": ["a"]}""", "invalid_value", "query" },
        { "/rerank", """{"query": "q"}""", "invalid_value", "texts" },
        { "/rerank", """{"query": "q", "texts": []}""", "invalid_value", "texts" },
        { "/rerank", """{"query": "q", "texts": [{"text": "a"}]}""", "invalid_value", "texts[0]" },
        { "/rerank", """{"query": "q", "texts": ["a"], "raw_scores": "true"}""", "invalid_value", "raw_scores" },
        { "/rerank", """{"query": "q", "texts": ["a"], "return_text": 1}""", "invalid_value", "return_text" },
        { "/rerank", """{"query": "q", "texts": ["a"], "truncate": "no"}""", "invalid_value", "truncate" },
        { "/v1/score", "[1]", "invalid_json", null },
        { "/v1/score", "{}", "invalid_value", "pairs" },
        { "/v1/score", """{"pairs": []}""", "invalid_value", "pairs" },
        { "/v1/score", """{"pairs": [{"instruction": "a"}]}""", "invalid_value", "pairs[0]" },
        { "/v1/score", """{"pairs": [{"instruction": "a", "response": 3}]}""", "invalid_value", "pairs[0]" },
        { "/v1/score", """{"model": "nope", "pairs": [{"instruction": "a", "response": "b"}]}""", "invalid_value", "model" },
        { "/v1/score", """{"text_1": "a"}""", "invalid_value", "text_2" },
        { "/v1/score", """{"text_1": "a", "text_2": []}""", "invalid_value", "text_2" },
        { "/v1/score", """{"text_1": "a", "text_2": [1]}""", "invalid_value", "text_2[0]" },
        { "/v1/score", """{"text_1": ["a", "b"], "text_2": ["c"]}""", "invalid_value", "text_2" },
        { "/v1/score", """{"text_1": ["a", "b"], "text_2": "c"}""", "invalid_value", "text_2" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidBody_Returns400NamingField(string path, string body, string code, string? param)
    {
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);

        var (status, text, response) = await RerankApiHttp.PostAsync(proxy.Http, path, body);
        using (response)
        {
            var error = JsonNode.Parse(text)!["error"]!;

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
            Assert.Equal(code, error["code"]!.GetValue<string>());
            Assert.Equal(param, error["param"]?.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/v1/rerank", "documents")]
    [InlineData("/rerank", "texts")]
    [InlineData("/v1/score", "text_2")]
    public async Task TooManyDocuments_Returns400(string path, string field)
    {
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);
        var body = new JsonObject
        {
            [path == "/v1/score" ? "text_1" : "query"] = "q",
            [field] = new JsonArray(Enumerable.Range(0, RerankApiLimits.MaxDocuments + 1).Select(i => (JsonNode?)$"document {i}").ToArray()),
        };

        var (status, text, response) = await RerankApiHttp.PostAsync(proxy.Http, path, body.ToJsonString());
        response.Dispose();
        var error = JsonNode.Parse(text)!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, error["param"]!.GetValue<string>());
        Assert.Contains($"{RerankApiLimits.MaxDocuments}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_ListsLoadedScorers()
    {
        await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream }, fixture.Scorer);

        var (status, text, response) = await RerankApiHttp.PostAsync(proxy.Http, "/v1/rerank", """{"model": "rerank-v3.5", "query": "q", "documents": ["a"]}""");
        response.Dispose();
        var message = JsonNode.Parse(text)!["error"]!["message"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'rerank-v3.5'", message, StringComparison.Ordinal);
        Assert.Contains($"'{ScorerRegistry.DefaultName}'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/rerank", """{"query": "q", "documents": ["TEXT"]}""")]
    [InlineData("/rerank", """{"query": "q", "texts": ["TEXT"]}""")]
    [InlineData("/v1/score", """{"pairs": [{"instruction": "q", "response": "TEXT"}]}""")]
    public async Task BodyOverLimit_Returns413(string path, string template)
    {
        var settings = new ProxySettings { Upstream = RerankApiHttp.UnusedUpstream, Limits = new() { MaxRequestBodyBytes = 1024 } };
        await using var proxy = await ProxyHost.StartAsync(settings, fixture.Scorer);

        var (status, text, response) = await RerankApiHttp.PostAsync(proxy.Http, path, template.Replace("TEXT", new string('x', 4096), StringComparison.Ordinal));
        response.Dispose();
        var error = JsonNode.Parse(text)!["error"]!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("request_too_large", error["code"]!.GetValue<string>());
    }
}
