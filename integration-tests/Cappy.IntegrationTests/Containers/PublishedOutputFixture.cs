namespace Cappy.IntegrationTests.Containers;

/// <summary>
/// One run of scripts/publish.sh for the cpu target, shared by the tests of a class. The script contains the
/// publish arguments that the Dockerfile's publish stages use. The output goes to the stage's WORKDIR below a
/// temporary directory that replaces the image's root, so image paths such as /app/config and /models map below
/// it. The run starts on first use, so a test that skips first does not wait for it.
/// </summary>
public sealed class PublishedOutputFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cappy-publish-").FullName;
    private readonly Lock _gate = new();
    private Task<PublishResult>? _cpu;

    /// <summary>Directory that replaces the image's root: the image path /x maps to <c>ImageRoot/x</c>.</summary>
    public string ImageRoot => Path.Combine(_directory, "root");

    /// <summary>Publishes the cpu target into its mapped WORKDIR on the first call and returns that run.</summary>
    internal Task<PublishResult> GetCpuAsync()
    {
        lock (_gate)
        {
            return _cpu ??= PublishAsync("cpu");
        }
    }

    /// <summary>Maps an absolute path inside the image to its path below <see cref="ImageRoot"/>.</summary>
    public string MapImagePath(string imagePath) => Path.Combine(ImageRoot, imagePath.TrimStart('/'));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<PublishResult> PublishAsync(string target)
    {
        var stage = DockerfileParser.Parse(RepositoryFiles.Require("Dockerfile"))[target];
        var output = MapImagePath(stage.WorkingDirectory ?? throw new InvalidDataException($"WORKDIR missing in the Dockerfile's {target} stage"));
        var (exitCode, log) = await ChildProcess.RunToEndAsync(
            "sh", RepositoryFiles.Root, [Path.Combine(RepositoryFiles.Root, "scripts", "publish.sh"), target, output], TimeSpan.FromMinutes(5));
        return new PublishResult(output, exitCode, log);
    }
}
