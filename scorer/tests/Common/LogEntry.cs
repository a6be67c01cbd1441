using Microsoft.Extensions.Logging;

namespace Cappy.Testing;

/// <summary>One log message captured by <see cref="RecordingLoggerFactory"/>.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
