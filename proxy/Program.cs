using System.CommandLine;
using Cappy.Proxy.Cli;
using Cappy.Proxy.Eval;

namespace Cappy.Proxy;

/// <summary>Entry point: the proxy server (root command) and its tools (<c>score</c>, <c>tokenize</c>, <c>healthcheck</c>, <c>eval</c>, <c>bench</c>, ...).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Cappy Proxy: an OpenAI-compatible reranking gateway. Samples n candidates from the upstream LLM, scores each (instruction, response) pair with an in-process ONNX scorer, and returns the best.");
        foreach (var option in CommonOptions.ScorerOptions)
        {
            root.Options.Add(option);
        }

        root.Options.Add(CommonOptions.LogFormat);
        ServeCommand.Configure(root);
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(HashKeyCommand.Create());
        root.Subcommands.Add(HealthCheckCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(Bench.BenchCommand.Create());
        return await root.Parse(args).InvokeAsync();
    }
}
