using System.Text.Json.Nodes;
using Cappy.Proxy.Eval;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

public sealed class EvalReportTests
{
    private static readonly EvalReport Report = new("rerank: test", "mean win_prob", [KeyValuePair.Create("scorer", 0.25), KeyValuePair.Create("oracle", 0.5)], 3);

    [Fact]
    public void ToJson_StrategiesAndExamples()
    {
        var json = JsonNode.Parse(Report.ToJson())!;

        Assert.Equal(0.25, json["strategies"]!["scorer"]!.GetValue<double>());
        Assert.Equal(0.5, json["strategies"]!["oracle"]!.GetValue<double>());
        Assert.Equal(3, json["examples"]!.GetValue<int>());
    }

    [Fact]
    public void ToMarkdown_OneRowPerStrategy()
    {
        Assert.Equal("| strategy | mean win_prob |\n|---|---:|\n| scorer | 0.2500 |\n| oracle | 0.5000 |\n", Report.ToMarkdown());
    }

    [Fact]
    public void SavePng_WritesPngFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cappy-eval-{Guid.NewGuid():N}.png");
        try
        {
            EvalChart.SavePng(Report, path);
            var header = File.ReadAllBytes(path)[..8];

            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
