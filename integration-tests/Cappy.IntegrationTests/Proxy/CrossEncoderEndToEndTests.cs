using Cappy.IntegrationTests.Simulator;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Cappy.Scorer.Synthetic;
using Cappy.Testing;
using Cappy.UpstreamSimulator;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Chat;
using Xunit;

namespace Cappy.IntegrationTests.Proxy;

/// <summary>
/// The cross-encoder path end to end: a tiny RoBERTa sequence-classification model with seeded weights, in the
/// layout of an optimum export, behind the proxy. Its picks must equal those of the <c>score</c> command.
/// </summary>
[Collection(ProxyTestGroup.Name)]
public sealed class CrossEncoderEndToEndTests
{
    [SkippableFact]
    public async Task Chat_TinyCrossEncoder_ReturnsHighestScored()
    {
        var vocabulary = SharedData.RequireFile("tokenizers/roberta-base/vocab.json");
        var merges = SharedData.RequireFile("tokenizers/roberta-base/merges.txt");
        var records = CandidateData.ReadFirst(CandidateData.RequirePath(), 5);
        var directory = Directory.CreateTempSubdirectory("cappy-tiny-").FullName;
        try
        {
            RobertaOnnxGenerator.WriteModelDirectory(RobertaModelConfig.Tiny, directory, vocabulary, merges);
            var pairs = records.SelectMany(record => record.Outputs.Select(output => (record.Instruction, output))).ToArray();
            var expectedScores = await ProxyExecutable.ScoreAsync(pairs, "--model", directory);

            using var scorer = ScorerFactory.Create(new ScorerOptions { ModelDirectory = directory, ExecutionProvider = "cpu" }, NullLoggerFactory.Instance);
            Assert.Equal(ScorerKind.CrossEncoder, scorer.Description.Kind);
            await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CandidatesPath = CandidateData.RequirePath() });
            await using var proxy = await ProxyHost.StartAsync(new ProxySettings { Upstream = simulator.BaseAddress, UpstreamN = 8 }, scorer);

            for (var i = 0; i < records.Count; i++)
            {
                var scores = expectedScores[(i * 8)..((i + 1) * 8)];
                var best = Enumerable.Range(0, 8).OrderByDescending(j => scores[j]).ThenBy(j => j).First();

                var result = await proxy.Chat().CompleteChatAsync([new UserChatMessage(records[i].Instruction)]);

                Assert.Equal(records[i].Outputs[best], result.Value.Content[0].Text);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
