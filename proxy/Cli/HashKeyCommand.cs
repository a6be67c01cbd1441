using System.CommandLine;
using Cappy.Proxy.Auth;

namespace Cappy.Proxy.Cli;

/// <summary>
/// <c>hash-key</c>: reads an API key from the first line of standard input and prints the form route files store
/// (<c>sha256:…</c>), so keys never stand in configuration in clear text.
/// </summary>
internal static class HashKeyCommand
{
    public static Command Create()
    {
        var command = new Command("hash-key", "Read an API key from standard input and print its sha256: hash for Auth:ApiKeyHashes in a route file.");
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var key = Console.In.ReadLine()?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            Console.Error.WriteLine("No key on standard input: pipe the key in, e.g. 'printf %s \"$KEY\" | cappy-proxy hash-key'.");
            return 1;
        }

        Console.WriteLine(ApiKeyHash.Compute(key));
        return 0;
    }
}
