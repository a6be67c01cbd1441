using Cappy.Proxy.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Cappy.Proxy.Tests.Configuration;

/// <summary>The <c>Rerank:Capture</c> section of route files: defaults, binding and validation messages.</summary>
public sealed class RouteFilesCaptureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-routes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteRoute(string rerank) => File.WriteAllText(Path.Combine(_directory, "a.json"), $$"""
        {
          "ReverseProxy": {
            "Routes": { "chat": { "ClusterId": "c", "Match": { "Path": "/v1/{**rest}" }, "Rerank": {{rerank}} } },
            "Clusters": { "c": { "Destinations": { "d": { "Address": "http://127.0.0.1:9000/" } } } }
          }
        }
        """);

    private RerankOptions LoadChatRoute()
    {
        var builder = new ConfigurationBuilder();
        RouteFiles.AddDirectory(builder, _directory);
        return RouteFiles.ReadRerankTable(builder.Build()).Find("chat")!;
    }

    [Fact]
    public void NoCaptureSection_IsOffWithDefaults()
    {
        WriteRoute("{ \"N\": 2 }");

        var capture = LoadChatRoute().Capture;

        Assert.False(capture.Enabled);
        Assert.Null(capture.Directory);
        Assert.Equal(100L * 1024 * 1024, capture.MaxFileBytes);
        Assert.Equal(0, capture.MaxFiles);
    }

    [Fact]
    public void CaptureSection_BindsEverySetting()
    {
        WriteRoute("""{ "Capture": { "Enabled": true, "Directory": "captures/chat", "MaxFileBytes": 5000000, "MaxFiles": 7 } }""");

        var capture = LoadChatRoute().Capture;

        Assert.True(capture.Enabled);
        Assert.Equal("captures/chat", capture.Directory);
        Assert.Equal(5_000_000L, capture.MaxFileBytes);
        Assert.Equal(7, capture.MaxFiles);
    }

    [Theory]
    [InlineData("""{ "Enabled": true }""", "Capture:Directory: required when capture is enabled")]
    [InlineData("""{ "Enabled": true, "Directory": " " }""", "Capture:Directory: required when capture is enabled")]
    [InlineData("""{ "Enabled": "yes", "Directory": "d" }""", "Capture:Enabled: expected true or false, got 'yes'")]
    [InlineData("""{ "MaxFileBytes": 0 }""", "Capture:MaxFileBytes: expected an integer number of bytes of at least 1, got '0'")]
    [InlineData("""{ "MaxFileBytes": "100MB" }""", "Capture:MaxFileBytes: expected an integer number of bytes of at least 1, got '100MB'")]
    [InlineData("""{ "MaxFiles": -1 }""", "Capture:MaxFiles: expected an integer of at least 0 (0 keeps every file), got '-1'")]
    [InlineData("""{ "Directroy": "d" }""", "Capture:Directroy: unknown setting; known settings are Enabled, Directory, MaxFileBytes, MaxFiles")]
    [InlineData("true", "Capture: expected an object with the settings Enabled, Directory, MaxFileBytes, MaxFiles, got 'True'")]
    public void InvalidCaptureSetting_NamesFileAndSetting(string capture, string expected)
    {
        WriteRoute($$"""{ "Capture": {{capture}} }""");

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:" + expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CaptureDirectoryIsFile_IsInvalid()
    {
        var file = Path.Combine(_directory, "not-a-directory.txt");
        File.WriteAllText(file, "x");
        WriteRoute($$"""{ "Capture": { "Enabled": true, "Directory": "{{file}}" } }""");

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:Capture:Directory: ", error, StringComparison.Ordinal);
        Assert.Contains("is a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralCaptureErrors_AreAllReported()
    {
        WriteRoute("""{ "N": 2, "Capture": { "Enabled": true, "MaxFiles": "many" } }""");

        var exception = Assert.Throws<RouteConfigurationException>(() => RouteFiles.AddDirectory(new ConfigurationBuilder(), _directory));

        Assert.Contains(exception.Errors, error => error.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:Capture:Directory:", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, error => error.StartsWith("a.json: ReverseProxy:Routes:chat:Rerank:Capture:MaxFiles:", StringComparison.Ordinal));
        Assert.Equal(2, exception.Errors.Count);
    }
}
