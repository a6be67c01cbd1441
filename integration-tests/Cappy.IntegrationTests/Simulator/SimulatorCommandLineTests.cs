using Cappy.UpstreamSimulator;
using Cappy.UpstreamSimulator.CommandLine;
using Xunit;

namespace Cappy.IntegrationTests.Simulator;

public sealed class SimulatorCommandLineTests
{
    [Fact]
    public void Parse_AllFlags_SetsOptions()
    {
        var path = Path.GetTempFileName();
        try
        {
            var result = CommandLineParser.Parse(
            [
                "--urls", "http://127.0.0.1:9000", "--candidates", path, "--n-mode", "reject",
                "--latency-ms=25", "--fail-every", "4", "--seed", "7", "--model", "m1",
            ]);

            Assert.Empty(result.Errors);
            Assert.Equal(["--urls", "http://127.0.0.1:9000"], result.HostArgs);
            Assert.Equal(path, result.Options.CandidatesPath);
            Assert.Equal(NMode.Reject, result.Options.NMode);
            Assert.Equal(25, result.Options.LatencyMs);
            Assert.Equal(4, result.Options.FailEvery);
            Assert.Equal(7, result.Options.Seed);
            Assert.Equal("m1", result.Options.Model);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--n-mode", "sometimes", "--n-mode")]
    [InlineData("--latency-ms", "fast", "--latency-ms")]
    [InlineData("--latency-ms", "-5", "--latency-ms")]
    [InlineData("--fail-rate", "1.5", "--fail-rate")]
    [InlineData("--fail-every", "-1", "--fail-every")]
    [InlineData("--candidates", "/no/such/file.jsonl", "--candidates")]
    [InlineData("--colour", "blue", "--colour")]
    public void Parse_InvalidValue_ReportsFlag(string flag, string value, string expectedName)
    {
        var result = CommandLineParser.Parse([flag, value]);

        var error = Assert.Single(result.Errors);
        Assert.Contains(expectedName, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralInvalidValues_ReportsAll()
    {
        var result = CommandLineParser.Parse(["--n-mode", "x", "--fail-rate", "3", "--unknown", "1"]);

        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void Parse_Help_SetsShowHelp()
    {
        var result = CommandLineParser.Parse(["--help"]);

        Assert.True(result.ShowHelp);
        Assert.Contains("milliseconds", HelpText.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_InvalidValue_ReturnsExitCode2()
    {
        var exitCode = await Program.Main(["--n-mode", "sometimes"]);

        Assert.Equal(2, exitCode);
    }
}
