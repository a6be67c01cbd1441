using Cappy.Proxy.Observability;

namespace Cappy.Proxy.Capture;

/// <summary>
/// Appends capture lines for one route token to rotating files in one directory. Not thread-safe: only the
/// <see cref="CaptureWriterService"/> loop calls it. A failed write loses that line, is logged once per run of
/// failures, and the next line tries again, so capture goes on once the disk recovers.
/// </summary>
internal sealed partial class CaptureFileWriter : IDisposable
{
    private readonly string _routeToken;
    private readonly long _maxFileBytes;
    private readonly int _maxFiles;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private FileStream? _stream;
    private string? _path;
    private long _length;
    private int _sequence;
    private long _lostLines;
    private bool _writeFailing;
    private bool _deleteFailing;

    /// <param name="directory">Full path of the capture directory.</param>
    /// <param name="routeToken">The route part of file names, from <see cref="CaptureFileName.ToRouteToken"/>.</param>
    /// <param name="options">Size and count limits of the files.</param>
    /// <param name="timeProvider">Clock for the time stamps in file names.</param>
    /// <param name="logger">Receives write and delete failures.</param>
    public CaptureFileWriter(string directory, string routeToken, CaptureOptions options, TimeProvider timeProvider, ILogger logger)
    {
        Directory = directory;
        _routeToken = routeToken;
        _maxFileBytes = options.MaxFileBytes;
        _maxFiles = options.MaxFiles;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Full path of the capture directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// Appends one line, which ends in a line feed, and flushes it to the operating system. Starts a new file first
    /// when the current one has lines and this line would take it past the size limit. Returns false when the line
    /// was lost to an I/O error.
    /// </summary>
    /// <param name="line">The UTF-8 line.</param>
    /// <param name="routeId">The route of the line, for the log.</param>
    public bool Write(ReadOnlySpan<byte> line, string routeId)
    {
        try
        {
            if (_stream is not null && _length > 0 && _length + line.Length > _maxFileBytes)
            {
                CloseFile();
            }

            _stream ??= OpenFile();
            AppendLine(_stream, line);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _lostLines++;
            if (!_writeFailing)
            {
                _writeFailing = true;
                Log.WriteFailed(_logger, exception, routeId, _path ?? Directory);
            }

            return false;
        }

        if (_writeFailing)
        {
            _writeFailing = false;
            Log.WriteResumed(_logger, routeId, _path!, _lostLines);
            _lostLines = 0;
        }

        return true;
    }

    public void Dispose() => CloseFile();

    private void AppendLine(FileStream stream, ReadOnlySpan<byte> line)
    {
        var start = _length;
        try
        {
            stream.Write(line);
            stream.Flush();
            _length += line.Length;
        }
        catch (IOException)
        {
            // Cut off a partly written line, so the file stays valid JSON lines and the next write starts a fresh line.
            try
            {
                stream.SetLength(start);
                stream.Position = start;
            }
            catch (IOException)
            {
                CloseFile();
            }

            throw;
        }
    }

    private FileStream OpenFile()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            // The mode applies only when the directory is created; an existing directory keeps its own.
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var opened = _timeProvider.GetUtcNow();
        string path;
        do
        {
            _sequence++;
            path = Path.Combine(Directory, CaptureFileName.Format(_routeToken, opened, _sequence));
        }
        while (File.Exists(path));

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,

            // Unbuffered: every line goes to the operating system when written, and a failed write is seen at once.
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only, because the lines contain prompts and completions.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        _path = path;
        _length = 0;
        DeleteOldFiles();
        return stream;
    }

    private void CloseFile()
    {
        if (_stream is null)
        {
            return;
        }

        var path = _path!;
        var empty = _length == 0;
        _stream.Dispose();
        _stream = null;
        if (empty)
        {
            // A file opened during a run of failed writes got no line; do not leave it behind.
            TryDelete(path);
        }
    }

    /// <summary>Deletes the oldest files of this route token until <c>MaxFiles</c> remain, the newly opened one included.</summary>
    private void DeleteOldFiles()
    {
        if (_maxFiles == 0)
        {
            return;
        }

        try
        {
            var files = System.IO.Directory.EnumerateFiles(Directory, CaptureFileName.SearchPattern)
                .Select(path => (Path: path, Parsed: CaptureFileName.TryParse(Path.GetFileName(path), _routeToken, out var timestamp, out var sequence), Timestamp: timestamp, Sequence: sequence))
                .Where(file => file.Parsed)
                .OrderBy(file => file.Timestamp, StringComparer.Ordinal)
                .ThenBy(file => file.Sequence)
                .Select(file => file.Path)
                .ToList();
            foreach (var path in files.Take(files.Count - _maxFiles).Where(path => path != _path))
            {
                File.Delete(path);
            }

            _deleteFailing = false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (!_deleteFailing)
            {
                _deleteFailing = true;
                Log.DeleteFailed(_logger, exception, Directory, _maxFiles);
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.DeleteFailed(_logger, exception, path, _maxFiles);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CaptureWriteFailed, Level = LogLevel.Error,
            Message = "Writing capture data for route {RouteId} to {Path} failed; lines are lost until a write succeeds, and this is logged once until then")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string routeId, string path);

        [LoggerMessage(EventId = EventIds.CaptureWriteResumed, Level = LogLevel.Information,
            Message = "Writing capture data for route {RouteId} to {Path} works again; {LostLines} lines were lost")]
        public static partial void WriteResumed(ILogger logger, string routeId, string path, long lostLines);

        [LoggerMessage(EventId = EventIds.CaptureDeleteFailed, Level = LogLevel.Warning,
            Message = "Deleting capture files in {Path} failed (MaxFiles {MaxFiles}); older or empty files stay on disk")]
        public static partial void DeleteFailed(ILogger logger, Exception exception, string path, int maxFiles);
    }
}
