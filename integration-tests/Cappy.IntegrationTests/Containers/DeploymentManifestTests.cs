using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// The Kubernetes manifests and docker-compose.yml agree with the Dockerfile: ports, probes, mount paths and
/// environment variable names that the proxy reads.
/// </summary>
public sealed partial class DeploymentManifestTests
{
    /// <summary>Mount path of scorer models in the images.</summary>
    private const string ModelsDirectory = "/models";

    private static readonly IReadOnlyDictionary<string, DockerfileStage> Stages = DockerfileParser.Parse(RepositoryFiles.Require("Dockerfile"));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cpu")]
    public void Dockerfile_Stage_ListensOnExposedPort(string stage)
    {
        var image = Stages[stage];

        var port = Assert.Single(image.ExposedPorts);
        Assert.Equal($"http://0.0.0.0:{port}", image.Environment["CAPPY_URLS"]);
        Assert.Equal($"http://127.0.0.1:{port}/readyz", image.Environment["CAPPY_HEALTHCHECK_URL"]);
        Assert.Equal("/app/config", image.Environment["CAPPY_CONFIG"]);
        Assert.Contains("\"healthcheck\"", image.HealthCheck, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cpu")]
    public void Dockerfile_Stage_RunsOutputAsNonRoot(string stage)
    {
        var image = Stages[stage];
        var entryDll = $"{image.WorkingDirectory}/cappy-proxy.dll";

        Assert.Equal(["dotnet", entryDll], image.Entrypoint);
        Assert.Contains($"\"{entryDll}\", \"healthcheck\"", image.HealthCheck, StringComparison.Ordinal);
        Assert.Equal("$APP_UID", image.User);
        Assert.Contains(image.Runs, run => MakesDirectory().Matches(run).Any(match => match.Groups[1].Value == ModelsDirectory));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cpu")]
    public void Dockerfile_PublishStage_RunsPublishScript(string stage)
    {
        var publish = Assert.Single(Stages[$"publish-{stage}"].Runs);

        Assert.StartsWith($"scripts/publish.sh {stage} {Stages[stage].WorkingDirectory} ", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_EnvironmentNames_AreReadByProxy()
    {
        var known = KnownVariables();

        foreach (var name in Stages["gpu"].Environment.Keys.Concat(Stages["cpu"].Environment.Keys).Where(name => name.StartsWith("CAPPY_", StringComparison.Ordinal)))
        {
            Assert.True(known.Contains(name), $"Dockerfile sets {name}, which the proxy does not read");
        }
    }

    [Fact]
    public void Dockerfile_DefaultTarget_IsGpu()
    {
        Assert.Equal("gpu", Stages.Keys.Last());
    }

    [Fact]
    public void Deployment_Probes_UseExposedPort()
    {
        var container = DeploymentContainer();
        var port = Stages["gpu"].ExposedPorts[0].ToString(System.Globalization.CultureInfo.InvariantCulture);

        var containerPort = Assert.Single(container.Sequence("ports").Mappings());
        Assert.Equal(port, containerPort.Scalar("containerPort"));
        Assert.Equal("/healthz", container.Map("livenessProbe").Map("httpGet").Scalar("path"));
        Assert.Equal(port, container.Map("livenessProbe").Map("httpGet").Scalar("port"));
        Assert.Equal("/readyz", container.Map("readinessProbe").Map("httpGet").Scalar("path"));
        Assert.Equal(port, container.Map("readinessProbe").Map("httpGet").Scalar("port"));
    }

    [Fact]
    public void Deployment_Environment_MatchesDockerfile()
    {
        var container = DeploymentContainer();
        var environment = container.Sequence("env").Mappings().ToDictionary(entry => entry.Scalar("name"), entry => entry.Scalar("value"));
        var known = KnownVariables();

        Assert.Equal(Stages["gpu"].Environment["CAPPY_URLS"], environment["CAPPY_URLS"]);
        Assert.Equal(Stages["gpu"].Environment["CAPPY_CONFIG"], environment["CAPPY_CONFIG"]);
        Assert.StartsWith($"{ModelsDirectory}/", environment["CAPPY_MODEL"], StringComparison.Ordinal);
        foreach (var name in environment.Keys)
        {
            Assert.True(known.Contains(name), $"the Deployment sets {name}, which the proxy does not read");
        }
    }

    [Fact]
    public void Deployment_Mounts_ConfigAndModels()
    {
        var deployment = YamlDocuments.LoadSingle(RepositoryFiles.Require("deploy/kubernetes/deployment.yaml"));
        var container = DeploymentContainer();
        var mounts = container.Sequence("volumeMounts").Mappings().ToDictionary(mount => mount.Scalar("name"), mount => mount.Scalar("mountPath"));
        var volumes = deployment.Map("spec").Map("template").Map("spec").Sequence("volumes").Mappings().ToDictionary(volume => volume.Scalar("name"));

        Assert.Equal(Stages["gpu"].Environment["CAPPY_CONFIG"], mounts["config"]);
        Assert.Equal(ModelsDirectory, mounts["models"]);
        Assert.Equal("cappy-proxy-config", volumes["config"].Map("configMap").Scalar("name"));
        Assert.True(volumes.ContainsKey("models"), "the models mount has no volume");
    }

    [Fact]
    public void Deployment_Resources_RequestOneGpu()
    {
        var resources = DeploymentContainer().Map("resources");

        Assert.Equal("1", resources.Map("requests").Scalar("nvidia.com/gpu"));
        Assert.Equal("1", resources.Map("limits").Scalar("nvidia.com/gpu"));
    }

    [Fact]
    public void ConfigMap_RouteFile_NamesACluster()
    {
        var configMap = YamlDocuments.LoadSingle(RepositoryFiles.Require("deploy/kubernetes/configmap.yaml"));

        Assert.Equal("cappy-proxy-config", configMap.Map("metadata").Scalar("name"));
        Assert.Contains("\"ReverseProxy\"", configMap.Map("data").Scalar("routes.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Service_TargetPort_IsContainerPort()
    {
        var service = YamlDocuments.LoadSingle(RepositoryFiles.Require("deploy/kubernetes/service.yaml"));

        var port = Assert.Single(service.Map("spec").Sequence("ports").Mappings());
        Assert.Equal(Stages["gpu"].ExposedPorts[0].ToString(System.Globalization.CultureInfo.InvariantCulture), port.Scalar("targetPort"));
        Assert.Equal("cappy-proxy", service.Map("spec").Map("selector").Scalar("app.kubernetes.io/name"));
    }

    [Fact]
    public void Autoscaler_Target_IsDeployment()
    {
        var autoscaler = YamlDocuments.LoadSingle(RepositoryFiles.Require("deploy/kubernetes/hpa.yaml"));
        var target = autoscaler.Map("spec").Map("scaleTargetRef");

        Assert.Equal("Deployment", target.Scalar("kind"));
        Assert.Equal("cappy-proxy", target.Scalar("name"));
    }

    [Fact]
    public void Compose_Proxy_MatchesDockerfile()
    {
        var compose = YamlDocuments.LoadSingle(RepositoryFiles.Require("docker-compose.yml"));
        var proxy = compose.Map("services").Map("cappy-proxy");
        var environment = proxy.Map("environment");
        var known = KnownVariables();
        var port = Stages["gpu"].ExposedPorts[0];

        Assert.Equal("gpu", proxy.Map("build").Scalar("target"));
        Assert.Contains($"{port}:{port}", proxy.Sequence("ports").Scalars());
        Assert.Equal(Stages["gpu"].Environment["CAPPY_URLS"], environment.Scalar("CAPPY_URLS"));
        Assert.Contains(proxy.Sequence("volumes").Scalars(), volume => volume.EndsWith($":{Stages["gpu"].Environment["CAPPY_CONFIG"]}:ro", StringComparison.Ordinal));
        Assert.Contains(proxy.Sequence("volumes").Scalars(), volume => volume.EndsWith($":{ModelsDirectory}:ro", StringComparison.Ordinal));
        Assert.StartsWith($"{ModelsDirectory}/", environment.Scalar("CAPPY_MODEL"), StringComparison.Ordinal);
        Assert.Equal("nvidia", Assert.Single(proxy.Map("deploy").Map("resources").Map("reservations").Sequence("devices").Mappings()).Scalar("driver"));
        Assert.Contains("healthcheck", proxy.Map("healthcheck").Sequence("test").Scalars());
        foreach (var name in environment.Children.Keys.Select(key => ((YamlScalarNode)key).Value!))
        {
            Assert.True(known.Contains(name), $"docker-compose.yml sets {name}, which the proxy does not read");
        }
    }

    [Fact]
    public void Compose_RouteFile_PointsAtUpstreamService()
    {
        var compose = YamlDocuments.LoadSingle(RepositoryFiles.Require("docker-compose.yml"));
        var services = compose.Map("services");
        var configMount = services.Map("cappy-proxy").Sequence("volumes").Scalars()
            .Single(volume => volume.EndsWith($":{Stages["gpu"].Environment["CAPPY_CONFIG"]}:ro", StringComparison.Ordinal));
        var routeDirectory = Path.Combine(RepositoryFiles.Root, configMount.Split(':')[0]);
        var routes = JsonDocument.Parse(File.ReadAllText(Path.Combine(routeDirectory, "routes.json")), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });

        var destination = new Uri(routes.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").GetProperty("vllm")
            .GetProperty("Destinations").EnumerateObject().Single().Value.GetProperty("Address").GetString()!);
        var upstream = services.Map(destination.Host);
        var command = upstream.Sequence("command").Scalars().ToList();

        Assert.Equal(destination.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), command[command.IndexOf("--port") + 1]);
        Assert.Equal("nvidia", Assert.Single(upstream.Map("deploy").Map("resources").Map("reservations").Sequence("devices").Mappings()).Scalar("driver"));
    }

    private static YamlMappingNode DeploymentContainer()
    {
        var deployment = YamlDocuments.LoadSingle(RepositoryFiles.Require("deploy/kubernetes/deployment.yaml"));
        return Assert.Single(deployment.Map("spec").Map("template").Map("spec").Sequence("containers").Mappings());
    }

    /// <summary>Every CAPPY_* name that the proxy's command-line options read.</summary>
    private static HashSet<string> KnownVariables() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "proxy", "Cli"), "*.cs")
            .SelectMany(file => VariableName().Matches(File.ReadAllText(file)).Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\bmkdir -p\s+(/[^\s&;]+)")]
    private static partial Regex MakesDirectory();

    [GeneratedRegex("(?:GetEnvironmentVariable|Read(?:Int|Double|Long))\\(\"(CAPPY_[A-Z_]+)\"")]
    private static partial Regex VariableName();
}
