namespace Cappy.Proxy.Configuration;

/// <summary>Invalid route files; <see cref="Errors"/> lists every problem, each naming the file and setting.</summary>
internal sealed class RouteConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid route configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(error => "  - " + error)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
