namespace Cappy.IntegrationTests.Containers;

/// <summary>The instructions of one Dockerfile stage that the tests compare with the manifests and the published output.</summary>
/// <param name="Name">The stage name after AS.</param>
/// <param name="Environment">ENV variables set in this stage.</param>
/// <param name="ExposedPorts">EXPOSE ports.</param>
/// <param name="HealthCheck">The HEALTHCHECK arguments, or null.</param>
/// <param name="WorkingDirectory">The last WORKDIR, or null.</param>
/// <param name="Entrypoint">The exec-form ENTRYPOINT, or empty.</param>
/// <param name="Runs">The RUN commands in order.</param>
/// <param name="User">The last USER, or null.</param>
internal sealed record DockerfileStage(
    string Name,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<int> ExposedPorts,
    string? HealthCheck,
    string? WorkingDirectory,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Runs,
    string? User);
