using System.Text;
using System.Text.Json;
using CertCreds.Emulator.Json;

namespace CertCreds.Emulator.Logging;

/// <summary>
/// The request, CreateSession and issuance logs: kept in memory for tests (the most recent <see cref="MemoryLimit"/> of
/// each) and, with a state directory, appended as JSON lines to <c>requests.jsonl</c>, <c>sessions.jsonl</c> and
/// <c>issued.jsonl</c> so other processes can count requests. One lock guards the lists and the files;
/// each line is flushed when written, so a reader never sees half a line from a finished request.
/// </summary>
internal sealed class EmulatorJournal : IDisposable
{
    public const int MemoryLimit = 100_000;

    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _requests = [];
    private readonly List<IssuanceLogEntry> _issued = [];
    private readonly List<SessionLogEntry> _sessions = [];
    private readonly FileStream? _requestFile;
    private readonly FileStream? _issuedFile;
    private readonly FileStream? _sessionFile;

    public EmulatorJournal(string? directory)
    {
        if (directory is not null)
        {
            _requestFile = OpenAppend(Path.Combine(directory, "requests.jsonl"));
            _issuedFile = OpenAppend(Path.Combine(directory, "issued.jsonl"));
            _sessionFile = OpenAppend(Path.Combine(directory, "sessions.jsonl"));
        }
    }

    public IReadOnlyList<RequestLogEntry> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<IssuanceLogEntry> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    public IReadOnlyList<SessionLogEntry> Sessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions];
            }
        }
    }

    public void Record(SessionLogEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, SessionWireJsonContext.Default.SessionLogEntry);
        lock (_gate)
        {
            Add(_sessions, entry);
            Append(_sessionFile, line);
        }
    }

    public void Record(RequestLogEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, WireJsonContext.Default.RequestLogEntry);
        lock (_gate)
        {
            Add(_requests, entry);
            Append(_requestFile, line);
        }
    }

    public void Record(IssuanceLogEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, WireJsonContext.Default.IssuanceLogEntry);
        lock (_gate)
        {
            Add(_issued, entry);
            Append(_issuedFile, line);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _requestFile?.Dispose();
            _issuedFile?.Dispose();
            _sessionFile?.Dispose();
        }
    }

    private static void Add<T>(List<T> list, T entry)
    {
        if (list.Count >= MemoryLimit)
        {
            list.RemoveAt(0);
        }

        list.Add(entry);
    }

    private static void Append(FileStream? file, string line)
    {
        if (file is null || !file.CanWrite)
        {
            return;
        }

        file.Write(Encoding.UTF8.GetBytes(line + "\n"));
        file.Flush();
    }

    private static FileStream OpenAppend(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
