using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Cappy.Proxy.Auth;

/// <summary>
/// The inbound API key hashes in force, from the <c>Auth:ApiKeyHashes</c> setting of the route files, rebuilt when
/// they reload. With no hashes, inbound authentication is off.
/// </summary>
internal sealed class ApiKeys : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IDisposable _subscription;
    private volatile byte[][] _hashes;

    public ApiKeys(IConfiguration configuration)
    {
        _configuration = configuration;
        _hashes = Read();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => _hashes = Read());
    }

    public bool Enabled => _hashes.Length > 0;

    /// <summary>Whether <paramref name="key"/> is one of the configured keys; compares hashes in constant time.</summary>
    public bool Accepts(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var accepted = false;
        foreach (var candidate in _hashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return accepted;
    }

    public void Dispose() => _subscription.Dispose();

    private byte[][] Read() =>
        _configuration.GetSection("Auth:ApiKeyHashes").GetChildren()
            .Select(entry => entry.Value)
            .OfType<string>()
            .Where(ApiKeyHash.IsWellFormed)
            .Select(value => Convert.FromHexString(value.AsSpan(ApiKeyHash.Prefix.Length)))
            .ToArray();
}
