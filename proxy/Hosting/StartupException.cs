namespace Cappy.Proxy.Hosting;

/// <summary>A problem that stops the proxy before it listens; its message says what to fix.</summary>
internal sealed class StartupException(string message, Exception? innerException = null) : Exception(message, innerException);
