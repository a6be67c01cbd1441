using System.Globalization;
using System.Text.Json;
using Cappy.Proxy.Auth;
using Cappy.Proxy.Capture;
using Cappy.Proxy.Errors;

namespace Cappy.Proxy.Configuration;

/// <summary>
/// Loads the route files of a config directory: every <c>*.json</c> directly in it contains one route group as
/// YARP configuration (<c>ReverseProxy:Routes</c> and <c>ReverseProxy:Clusters</c>), with an optional
/// <c>Rerank</c> section per route. Subdirectories such as <c>examples/</c> are not read.
/// </summary>
internal static class RouteFiles
{
    /// <summary>
    /// Adds the route files of <paramref name="directory"/> to <paramref name="configuration"/>, validated together.
    /// Throws <see cref="RouteConfigurationException"/> listing every error found. With <paramref name="watch"/>,
    /// later edits are validated the same way and applied when valid; an invalid edit is logged and the last valid
    /// files stay in force.
    /// </summary>
    public static IReadOnlyList<string> AddDirectory(IConfigurationBuilder configuration, string directory, bool watch = false, ILogger? logger = null)
    {
        var snapshot = Read(directory);
        configuration.Add(new RouteDirectorySource(snapshot, watch, logger));
        return snapshot.Files;
    }

    /// <summary>
    /// Reads and validates every route file of <paramref name="directory"/>; returns their merged settings as
    /// configuration keys. Throws <see cref="RouteConfigurationException"/> listing every error found.
    /// </summary>
    public static RouteSnapshot Read(string directory)
    {
        var fullDirectory = Path.GetFullPath(directory);
        if (!Directory.Exists(fullDirectory))
        {
            throw new RouteConfigurationException([$"config directory not found: {fullDirectory}. Pass --config DIR with route files, or --upstream URL to proxy one upstream without files."]);
        }

        var files = Directory.GetFiles(fullDirectory, "*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new RouteConfigurationException([$"no route files (*.json) in {fullDirectory}. Copy one of config/examples/ there, or pass --upstream URL."]);
        }

        var errors = new List<string>();
        var owners = new Owners();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var fileConfiguration = ValidateFile(file, owners, errors);
            foreach (var (key, value) in fileConfiguration?.AsEnumerable() ?? [])
            {
                if (value is not null)
                {
                    data[key] = value;
                }
            }
        }

        foreach (var (fileName, path, scorer) in owners.ScorerReferences)
        {
            if (!string.Equals(scorer, "default", StringComparison.OrdinalIgnoreCase) && !owners.Scorers.ContainsKey(scorer))
            {
                errors.Add($"{fileName}: {path}: scorer '{scorer}' is not defined; define it under Scorers in a route file, or use 'default' (the --model scorer).");
            }
        }

        if (errors.Count > 0)
        {
            throw new RouteConfigurationException(errors);
        }

        return new RouteSnapshot(fullDirectory, files, data);
    }

    /// <summary>
    /// Adds the one reranking route that <c>--upstream URL</c> stands for: <c>/v1/{**rest}</c> to that URL, sampling
    /// <paramref name="n"/> candidates per request.
    /// </summary>
    public static void AddUpstreamShortcut(IConfigurationBuilder configuration, Uri upstream, int n)
    {
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:upstream:ClusterId"] = "upstream",
            ["ReverseProxy:Routes:upstream:Match:Path"] = "/v1/{**rest}",
            ["ReverseProxy:Routes:upstream:Rerank:Enabled"] = "true",
            ["ReverseProxy:Routes:upstream:Rerank:N"] = n.ToString(CultureInfo.InvariantCulture),
            ["ReverseProxy:Clusters:upstream:Destinations:default:Address"] = upstream.ToString(),
        });
    }

    /// <summary>Reads the <c>Rerank</c> section of every route; routes without one are not reranked.</summary>
    public static RerankRouteTable ReadRerankTable(IConfiguration configuration)
    {
        var routes = new Dictionary<string, RerankOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in configuration.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var section = route.GetSection("Rerank");
            if (section.Exists())
            {
                routes[route.Key] = section.Get<RerankOptions>() ?? new RerankOptions();
            }
        }

        return new RerankRouteTable(routes);
    }

    /// <summary>Reads the <c>Scorers</c> section: further scorer models by name.</summary>
    public static IReadOnlyDictionary<string, NamedScorerOptions> ReadNamedScorers(IConfiguration configuration) =>
        configuration.GetSection("Scorers").GetChildren()
            .ToDictionary(section => section.Key, section => section.Get<NamedScorerOptions>() ?? new NamedScorerOptions(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Which file defined each route, cluster and scorer, and which scorers routes name, across all files.</summary>
    private sealed class Owners
    {
        public Dictionary<string, string> Routes { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> Clusters { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> Scorers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<(string FileName, string Path, string Scorer)> ScorerReferences { get; } = [];
    }

    private static void ValidateAuth(string name, IConfigurationSection auth, List<string> errors)
    {
        foreach (var setting in auth.GetChildren().Where(setting => setting.Key != "ApiKeyHashes"))
        {
            errors.Add($"{name}: Auth:{setting.Key}: unknown setting; the known setting is ApiKeyHashes.");
        }

        foreach (var entry in auth.GetSection("ApiKeyHashes").GetChildren())
        {
            if (entry.Value is null || !ApiKeyHash.IsWellFormed(entry.Value))
            {
                errors.Add($"{name}: Auth:ApiKeyHashes:{entry.Key}: expected {ApiKeyHash.Prefix} and 64 lowercase hex digits; make one with 'cappy-proxy hash-key'.");
            }
        }
    }

    private static void ValidateScorers(string name, IConfigurationSection scorers, Owners owners, List<string> errors)
    {
        foreach (var scorer in scorers.GetChildren())
        {
            var path = $"Scorers:{scorer.Key}";
            if (string.Equals(scorer.Key, "default", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{name}: {path}: the name 'default' is the scorer of --model (CAPPY_MODEL); give this scorer another name.");
                continue;
            }

            if (owners.Scorers.TryGetValue(scorer.Key, out var owner))
            {
                errors.Add($"{name}: {path}: scorer already defined in {owner}; scorer names must be unique across route files.");
            }
            else
            {
                owners.Scorers[scorer.Key] = name;
            }

            foreach (var setting in scorer.GetChildren().Where(setting => setting.Key is not ("Model" or "Device" or "MaxLength")))
            {
                errors.Add($"{name}: {path}:{setting.Key}: unknown setting; known settings are Model, Device, MaxLength.");
            }

            if (string.IsNullOrWhiteSpace(scorer["Model"]))
            {
                errors.Add($"{name}: {path}:Model: required: the directory of an optimum ONNX export.");
            }

            if (scorer["MaxLength"] is { } maxLength && (!int.TryParse(maxLength, out var tokens) || tokens < 8))
            {
                errors.Add($"{name}: {path}:MaxLength: expected an integer of at least 8 tokens, got '{maxLength}'.");
            }
        }
    }

    /// <summary>Validates one file; returns its settings, or null when it cannot be read as JSON.</summary>
    private static string DescribeParseError(Exception exception) =>
        exception.GetBaseException() is JsonException json ? JsonErrorText.Describe(json) : exception.GetBaseException().Message;

    private static IConfigurationRoot? ValidateFile(string file, Owners owners, List<string> errors)
    {
        var name = Path.GetFileName(file);
        IConfigurationRoot fileConfiguration;
        try
        {
            fileConfiguration = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException or IOException)
        {
            errors.Add($"{name}: not valid JSON: {DescribeParseError(exception)}");
            return null;
        }

        ValidateScorers(name, fileConfiguration.GetSection("Scorers"), owners, errors);
        ValidateAuth(name, fileConfiguration.GetSection("Auth"), errors);
        var proxy = fileConfiguration.GetSection("ReverseProxy");
        if (!proxy.Exists())
        {
            if (!fileConfiguration.GetSection("Scorers").Exists())
            {
                errors.Add($"{name}: missing the ReverseProxy section (ReverseProxy:Routes and ReverseProxy:Clusters).");
            }

            return fileConfiguration;
        }

        var clusterIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in proxy.GetSection("Clusters").GetChildren())
        {
            clusterIds.Add(cluster.Key);
            if (owners.Clusters.TryGetValue(cluster.Key, out var owner))
            {
                errors.Add($"{name}: ReverseProxy:Clusters:{cluster.Key}: cluster id already defined in {owner}; cluster ids must be unique across route files.");
            }
            else
            {
                owners.Clusters[cluster.Key] = name;
            }

            if (!cluster.GetSection("Destinations").GetChildren().Any())
            {
                errors.Add($"{name}: ReverseProxy:Clusters:{cluster.Key}:Destinations: at least one destination with an Address is required.");
            }

            if (cluster[$"Metadata:{UpstreamCredentials.KeyEnvironmentMetadata}"] is { Length: > 0 } variable && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            {
                errors.Add($"{name}: ReverseProxy:Clusters:{cluster.Key}:Metadata:{UpstreamCredentials.KeyEnvironmentMetadata}: environment variable {variable} is not set; set it to the upstream's API key.");
            }

            foreach (var destination in cluster.GetSection("Destinations").GetChildren())
            {
                var address = destination["Address"];
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"{name}: ReverseProxy:Clusters:{cluster.Key}:Destinations:{destination.Key}:Address: expected an absolute http or https URL, got '{address}'.");
                }
            }
        }

        foreach (var route in proxy.GetSection("Routes").GetChildren())
        {
            var path = $"ReverseProxy:Routes:{route.Key}";
            if (owners.Routes.TryGetValue(route.Key, out var owner))
            {
                errors.Add($"{name}: {path}: route id already defined in {owner}; route ids must be unique across route files.");
            }
            else
            {
                owners.Routes[route.Key] = name;
            }

            foreach (var setting in route.GetChildren().Where(setting => !KnownRouteSettings.Contains(setting.Key)))
            {
                errors.Add($"{name}: {path}:{setting.Key}: unknown route setting; known settings are {string.Join(", ", KnownRouteSettings)}.");
            }

            var clusterId = route["ClusterId"];
            if (string.IsNullOrEmpty(clusterId))
            {
                errors.Add($"{name}: {path}:ClusterId: required.");
            }
            else if (!clusterIds.Contains(clusterId))
            {
                errors.Add($"{name}: {path}:ClusterId: cluster '{clusterId}' is not defined in this file; define it under ReverseProxy:Clusters.");
            }

            ValidateRerankSection(name, path, route.GetSection("Rerank"), errors);
            if (route["Rerank:Scorer"] is { } scorer)
            {
                owners.ScorerReferences.Add((name, $"{path}:Rerank:Scorer", scorer));
            }
        }

        return fileConfiguration;
    }

    private static void ValidateRerankSection(string fileName, string routePath, IConfigurationSection section, List<string> errors)
    {
        if (!section.Exists())
        {
            return;
        }

        var path = $"{routePath}:Rerank";

        // Settings with a type error are reported here and left out of binding, so the range checks below still
        // report every other setting's errors in the same pass.
        var invalidKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in section.GetChildren())
        {
            var property = RerankProperties.FirstOrDefault(candidate => string.Equals(candidate.Name, setting.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                errors.Add($"{fileName}: {path}:{setting.Key}: unknown setting; known settings are {string.Join(", ", RerankProperties.Select(known => known.Name))}.");
                invalidKeys.Add(setting.Key);
                continue;
            }

            if (property.PropertyType == typeof(CaptureOptions))
            {
                var before = errors.Count;
                CaptureOptionsValidator.Validate(fileName, $"{path}:{setting.Key}", setting, errors);
                if (errors.Count > before)
                {
                    invalidKeys.Add(setting.Key);
                }

                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (setting.Value is not null && !CanConvert(setting.Value, type))
            {
                var expected = type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type)) : DescribeType(type);
                errors.Add($"{fileName}: {path}:{setting.Key}: expected {expected}, got '{setting.Value}'.");
                invalidKeys.Add(setting.Key);
            }
        }

        var options = BindValidSettings(section, invalidKeys);
        if (options.N is < 1 or > 128)
        {
            errors.Add($"{fileName}: {path}:N: must be between 1 and 128, got {options.N}.");
        }

        if (options.MaxN is < 1 or > 128)
        {
            errors.Add($"{fileName}: {path}:MaxN: must be between 1 and 128, got {options.MaxN}.");
        }

        if (options.MaxRequestBodyBytes is < 1)
        {
            errors.Add($"{fileName}: {path}:MaxRequestBodyBytes: must be at least 1 byte, got {options.MaxRequestBodyBytes}.");
        }

        if (options.MaxScoredCharacters < 1)
        {
            errors.Add($"{fileName}: {path}:MaxScoredCharacters: must be at least 1, got {options.MaxScoredCharacters}.");
        }

        if (options.BelowMinScoreStatusCode is < 400 or > 599)
        {
            errors.Add($"{fileName}: {path}:BelowMinScoreStatusCode: must be an HTTP error status from 400 to 599, got {options.BelowMinScoreStatusCode}.");
        }

        if (options.MinScore is { } minScore && !double.IsFinite(minScore))
        {
            errors.Add($"{fileName}: {path}:MinScore: must be a finite number.");
        }

        if (options.UpstreamCallTimeoutSeconds is { } callTimeout && !(callTimeout > 0))
        {
            errors.Add($"{fileName}: {path}:UpstreamCallTimeoutSeconds: must be greater than 0, got {callTimeout.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.Temperature is { } temperature && (double.IsNaN(temperature) || temperature < 0 || temperature > 2))
        {
            errors.Add($"{fileName}: {path}:Temperature: must be between 0 and 2, got {temperature.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!(options.TimeoutSeconds > 0))
        {
            errors.Add($"{fileName}: {path}:TimeoutSeconds: must be greater than 0, got {options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!(options.KeepAliveSeconds > 0))
        {
            errors.Add($"{fileName}: {path}:KeepAliveSeconds: must be greater than 0, got {options.KeepAliveSeconds.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>The settings of a YARP 2.3 route (<c>RouteConfig</c>), plus this proxy's <c>Rerank</c> section.</summary>
    private static readonly SortedSet<string> KnownRouteSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "RouteId", "ClusterId", "Match", "Order", "AuthorizationPolicy", "RateLimiterPolicy", "OutputCachePolicy", "TimeoutPolicy", "Timeout",
        "CorsPolicy", "MaxRequestBodySize", "Metadata", "Transforms", "Rerank",
    };

    private static readonly System.Reflection.PropertyInfo[] RerankProperties = typeof(RerankOptions).GetProperties();

    /// <summary>Binds the settings of <paramref name="section"/> except the top-level keys in <paramref name="invalidKeys"/>.</summary>
    private static RerankOptions BindValidSettings(IConfigurationSection section, HashSet<string> invalidKeys)
    {
        if (invalidKeys.Count == 0)
        {
            return section.Get<RerankOptions>() ?? new RerankOptions();
        }

        var valid = section.AsEnumerable(makePathsRelative: true)
            .Where(pair => !invalidKeys.Contains(pair.Key.Split(ConfigurationPath.KeyDelimiter)[0]));
        return new ConfigurationBuilder().AddInMemoryCollection(valid).Build().Get<RerankOptions>() ?? new RerankOptions();
    }

    private static bool CanConvert(string value, Type type)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _) && !int.TryParse(value, out _);
        }

        var converter = System.ComponentModel.TypeDescriptor.GetConverter(type);
        try
        {
            converter.ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException || exception.InnerException is FormatException)
        {
            return false;
        }
    }

    private static string DescribeType(Type type) => type == typeof(bool) ? "true or false" : type == typeof(int) ? "an integer" : "a number";
}
