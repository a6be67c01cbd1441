using System.Globalization;

namespace Cappy.Proxy.Capture;

/// <summary>Checks a route's <c>Rerank:Capture</c> section, with the file and setting named in every error.</summary>
internal static class CaptureOptionsValidator
{
    private static readonly string[] KnownSettings = ["Enabled", "Directory", "MaxFileBytes", "MaxFiles"];

    /// <summary>Adds one message per invalid setting of <paramref name="section"/> to <paramref name="errors"/>.</summary>
    /// <param name="fileName">Route file name, the first part of each message.</param>
    /// <param name="path">Configuration path of the section, e.g. <c>ReverseProxy:Routes:chat:Rerank:Capture</c>.</param>
    /// <param name="section">The section to check.</param>
    /// <param name="errors">Receives the messages.</param>
    public static void Validate(string fileName, string path, IConfigurationSection section, List<string> errors)
    {
        if (section.Value is not null)
        {
            errors.Add($"{fileName}: {path}: expected an object with the settings {string.Join(", ", KnownSettings)}, got '{section.Value}'.");
            return;
        }

        foreach (var setting in section.GetChildren().Where(setting => !KnownSettings.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"{fileName}: {path}:{setting.Key}: unknown setting; known settings are {string.Join(", ", KnownSettings)}.");
        }

        var enabled = false;
        if (section["Enabled"] is { } enabledText && !bool.TryParse(enabledText, out enabled))
        {
            errors.Add($"{fileName}: {path}:Enabled: expected true or false, got '{enabledText}'.");
        }

        if (section["MaxFileBytes"] is { } maxFileBytes
            && (!long.TryParse(maxFileBytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) || bytes < 1))
        {
            errors.Add($"{fileName}: {path}:MaxFileBytes: expected an integer number of bytes of at least 1, got '{maxFileBytes}'.");
        }

        if (section["MaxFiles"] is { } maxFiles
            && (!int.TryParse(maxFiles, NumberStyles.Integer, CultureInfo.InvariantCulture, out var files) || files < 0))
        {
            errors.Add($"{fileName}: {path}:MaxFiles: expected an integer of at least 0 (0 keeps every file), got '{maxFiles}'.");
        }

        ValidateDirectory(fileName, path, section["Directory"], enabled, errors);
    }

    private static void ValidateDirectory(string fileName, string path, string? directory, bool enabled, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            if (enabled)
            {
                errors.Add($"{fileName}: {path}:Directory: required when capture is enabled; set the directory for the capture files (relative paths start at the proxy's current directory).");
            }

            return;
        }

        if (directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{fileName}: {path}:Directory: contains a character that is invalid in a path: '{directory}'.");
        }
        else if (File.Exists(Path.GetFullPath(directory)))
        {
            errors.Add($"{fileName}: {path}:Directory: '{Path.GetFullPath(directory)}' is a file; set a directory path.");
        }
    }
}
