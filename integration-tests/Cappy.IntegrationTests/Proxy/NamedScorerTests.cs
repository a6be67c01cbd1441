using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;
using Cappy.UpstreamSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>Scorer models named in route files load at start-up, and each route ranks with the one it names.</summary>
[Collection(ProxyTestGroup.Name)]
public sealed class NamedScorerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-named-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task RouteScorer_RanksWithNamedModel()
    {
        var vocabulary = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        var record = CandidateData.ReadFirst(CandidateData.RequirePath(), 1)[0];
        var model = Path.Combine(_directory, "tiny-model");
        RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, model, vocabulary, merges);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
        var config = Path.Combine(_directory, "config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "routes.json"), $$"""
            {
              "Scorers": { "tiny": { "Model": "{{model}}", "Device": "cpu" } },
              "ReverseProxy": {
                "Routes": {
                  "similarity": { "ClusterId": "c", "Match": { "Path": "/v1/{**rest}" }, "Rerank": { "N": 8 } },
                  "cappy": {
                    "ClusterId": "c", "Order": -1,
                    "Match": { "Path": "/v1/{**rest}", "Headers": [ { "Name": "x-scorer", "Values": [ "tiny" ] } ] },
                    "Rerank": { "N": 8, "Scorer": "tiny" }
                  }
                },
                "Clusters": { "c": { "Destinations": { "sim": { "Address": "{{simulator.BaseAddress}}" } } } }
              }
            }
            """);
        await using var app = ProxyApplication.Build(new ProxySettings { ConfigDirectory = config, Urls = "http://127.0.0.1:0", Scorer = new ScorerOptions { ExecutionProvider = "cpu" } });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        // The expectation: the tiny model's own scores of the 8 outputs, from a separate scorer instance.
        using var tiny = ScorerFactory.Create(new ScorerOptions { ModelDirectory = model, ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
        var tinyScores = await tiny.ScoreAsync(record.Instruction, record.Outputs, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(new JsonObject { ["model"] = "m", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = record.Instruction }) }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-scorer", "tiny");

        using var response = await http.SendAsync(request);
        var ready = JsonNode.Parse(await http.GetStringAsync(new Uri("/readyz", UriKind.Relative)))!;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var best = Enumerable.Range(0, 8).OrderByDescending(i => tinyScores[i]).ThenBy(i => i).First();
        Assert.Equal(record.Outputs[best], body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(tinyScores[best], float.Parse(response.Headers.GetValues("x-cappy-score").Single(), CultureInfo.InvariantCulture), 5);
        Assert.Equal("CrossEncoder", ready["scorers"]!["tiny"]!["kind"]!.GetValue<string>());
        Assert.Equal("BiEncoder", ready["scorers"]!["default"]!["kind"]!.GetValue<string>());
        await app.StopAsync();
    }
}
