namespace Cappy.IntegrationTests.Containers;

/// <summary>The ENV, EXPOSE and HEALTHCHECK instructions of one Dockerfile stage.</summary>
internal sealed record DockerfileStage(
    string Name,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<int> ExposedPorts,
    string? HealthCheck);
