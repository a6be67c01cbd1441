using System.Security.Cryptography;
using System.Text;

namespace Cappy.Proxy.Auth;

/// <summary>
/// The stored form of an inbound API key: <c>sha256:</c> and the lowercase hex SHA-256 of the key's UTF-8 bytes.
/// Route files keep only this form, so reading them does not reveal a key.
/// </summary>
internal static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    public static string Compute(string key) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static bool IsWellFormed(string value) =>
        value.StartsWith(Prefix, StringComparison.Ordinal)
        && value.Length == Prefix.Length + 64
        && !value.AsSpan(Prefix.Length).ContainsAnyExcept(HexDigits);
}
