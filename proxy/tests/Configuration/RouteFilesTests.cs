using Cappy.Proxy.Configuration;
using Cappy.Testing;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Cappy.Proxy.Tests.Configuration;

public sealed class RouteFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-routes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_directory, name), json);

    private static string RouteFile(string routeId, string clusterId, string rerank = "{}", string address = "http://127.0.0.1:9000/") => $$"""
        // comment lines are allowed
        {
          "ReverseProxy": {
            "Routes": { "{{routeId}}": { "ClusterId": "{{clusterId}}", "Match": { "Path": "/v1/{**rest}" }, "Rerank": {{rerank}} } },
            "Clusters": { "{{clusterId}}": { "Destinations": { "d": { "Address": "{{address}}" } } } }
          }
        }
        """;

    [Fact]
    public void ValidFiles_LoadWithRerankSettings()
    {
        Write("a.json", RouteFile("chat", "gpu", "{ \"N\": 6, \"Temperature\": 0.7, \"Instruction\": \"Conversation\" }"));
        Write("b.json", RouteFile("other", "cpu", "{ \"Enabled\": false }"));
        var builder = new ConfigurationBuilder();

        var files = RouteFiles.AddDirectory(builder, _directory);
        var table = RouteFiles.ReadRerankTable(builder.Build());

        Assert.Equal(2, files.Count);
        var chat = table.Find("chat");
        Assert.NotNull(chat);
        Assert.Equal(6, chat.N);
        Assert.Equal(0.7, chat.Temperature);
        Assert.Equal(InstructionRendering.Conversation, chat.Instruction);
        Assert.Null(table.Find("other"));
    }

    [Fact]
    public void InvalidFiles_ReportEveryError()
    {
        Write("a.json", RouteFile("chat", "gpu", "{ \"N\": 0 }"));
        Write("b.json", RouteFile("chat", "cpu", "{ \"Temperature\": 5 }", address: "not-a-url"));
        Write("c.json", "{ \"ReverseProxy\": ");
        Write("d.json", RouteFile("typo", "x", "{ \"Temprature\": 1 }"));

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        Assert.Contains(exception.Errors, error => error.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:N", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("b.json: ReverseProxy:Routes:chat: route id already defined in a.json", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("b.json: ReverseProxy:Routes:chat:Rerank:Temperature", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("b.json: ReverseProxy:Clusters:cpu:Destinations:d:Address", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("c.json: not valid JSON", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("d.json: ReverseProxy:Routes:typo:Rerank", StringComparison.Ordinal) && error.Contains("Temprature", StringComparison.Ordinal));
        Assert.Equal(6, exception.Errors.Count);
    }

    [Fact]
    public void TypeError_DoesNotHideRangeErrors()
    {
        Write("a.json", RouteFile("chat", "gpu", "{ \"N\": 0, \"Strategy\": \"Best\", \"Temperature\": 9 }"));

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        Assert.Contains(exception.Errors, error => error.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:Strategy: expected one of", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:N: must be between", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:Temperature", StringComparison.Ordinal));
        Assert.Equal(3, exception.Errors.Count);
    }

    [Fact]
    public void SyntaxError_NamesLineAsEditorsCount()
    {
        // The comma after "N": 4 is missing, so the parser stops at the start of line 5.
        Write("a.json", "{\n  \"ReverseProxy\": {\n    \"Routes\": {\n      \"r\": { \"Rerank\": { \"N\": 4\n\"Temperature\": 1 } }\n    }\n  }\n}\n");

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith("a.json: not valid JSON: ", error, StringComparison.Ordinal);
        Assert.EndsWith("(line 5, byte 1)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspelledSection_IsUnknownRouteSetting()
    {
        Write("a.json", """{ "ReverseProxy": { "Routes": { "r": { "ClusterId": "c", "Rerenk": { "N": 2 } } }, "Clusters": { "c": { "Destinations": { "d": { "Address": "http://127.0.0.1:9/" } } } } } }""");

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith("a.json: ReverseProxy:Routes:r:Rerenk: unknown route setting", error, StringComparison.Ordinal);
        Assert.Contains("Rerank", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"Instruction\": \"Whole\" }", "Instruction: expected one of LastUserMessage, Conversation, got 'Whole'")]
    [InlineData("{ \"N\": \"four\" }", "N: expected an integer, got 'four'")]
    [InlineData("{ \"Enabled\": \"yes\" }", "Enabled: expected true or false, got 'yes'")]
    [InlineData("{ \"TimeoutSecs\": 5 }", "TimeoutSecs: unknown setting; known settings are Enabled, N,")]
    public void InvalidRerankValue_NamesExpectedValues(string rerank, string expected)
    {
        Write("a.json", RouteFile("r", "c", rerank));

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        var error = Assert.Single(exception.Errors);
        Assert.Contains("a.json: ReverseProxy:Routes:r:Rerank:" + expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCluster_NamesClusterId()
    {
        Write("a.json", """{ "ReverseProxy": { "Routes": { "r": { "ClusterId": "nowhere", "Match": { "Path": "/{**rest}" } } } } }""");

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        Assert.Contains(exception.Errors, error => error.Contains("ReverseProxy:Routes:r:ClusterId: cluster 'nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyDirectory_SaysWhatToDo()
    {
        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        Assert.Contains("--upstream", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config")]
    [InlineData("config/examples")]
    public void ShippedRouteFiles_AreValid(string relativeDirectory)
    {
        var builder = new ConfigurationBuilder();

        var files = RouteFiles.AddDirectory(builder, Path.Combine(SharedData.RepositoryRoot, relativeDirectory));
        var table = RouteFiles.ReadRerankTable(builder.Build());

        Assert.NotEmpty(files);
        Assert.NotEmpty(table.Routes);
    }
}
