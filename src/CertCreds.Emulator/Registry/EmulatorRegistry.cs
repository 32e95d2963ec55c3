using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Json;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Emulator.Registry;

/// <summary>
/// The emulated account, in memory or backed by <c>emulator.json</c>.
/// Rules: <see cref="Current"/> is an immutable-by-convention snapshot; <see cref="Update"/> copies it,
/// applies the change and swaps the copy in under a lock, writing the file atomically first when file
/// backed. When file backed, every read of <see cref="Current"/> compares the file's last-write time and
/// length with what was last loaded and reloads on a difference (hand edits, other processes). A file that
/// does not parse is reported on the log and the previous snapshot is kept. Faults found in the file are
/// moved to <see cref="Faults"/> and the file is rewritten without them, so each edit's faults run once.
/// </summary>
public sealed class EmulatorRegistry
{
    private readonly Lock _gate = new();
    private readonly TextWriter _log;
    private RegistryDocument _current;
    private DateTime _loadedWriteTime;
    private long _loadedLength = -1;

    private EmulatorRegistry(RegistryDocument initial, string? filePath, TextWriter log)
    {
        _log = log;
        FilePath = filePath;
        _current = Copy(initial);
        MoveFaultsToQueue(_current);
    }

    /// <summary>The backing file, or null for an in-memory registry.</summary>
    public string? FilePath { get; }

    /// <summary>Scripted faults, consumed one per request.</summary>
    public FaultScript Faults { get; } = new();

    /// <summary>Scripted faults for the Roles Anywhere listener, consumed one per CreateSession request.</summary>
    public FaultScript RolesAnywhereFaults { get; } = new();

    /// <summary>The current registry. Do not change it: use <see cref="Update"/>.</summary>
    public RegistryDocument Current
    {
        get
        {
            RefreshFromDisk();
            return Volatile.Read(ref _current);
        }
    }

    public static EmulatorRegistry InMemory(RegistryDocument? initial = null, TextWriter? log = null) =>
        new(initial ?? new RegistryDocument(), null, log ?? TextWriter.Null);

    /// <summary>Opens a registry file, creating it from <paramref name="seed"/> when it does not exist.</summary>
    public static EmulatorRegistry OpenFile(string path, RegistryDocument? seed = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var registry = new EmulatorRegistry(File.Exists(full) ? Read(full) : seed ?? new RegistryDocument(), full, log ?? TextWriter.Null);
        lock (registry._gate)
        {
            registry.Save(registry._current);
        }

        return registry;
    }

    /// <summary>Applies <paramref name="change"/> to a copy of the registry and makes the copy current (and saved).</summary>
    public void Update(Action<RegistryDocument> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        RefreshFromDisk();
        lock (_gate)
        {
            var copy = Copy(_current);
            change(copy);
            MoveFaultsToQueue(copy);
            Save(copy);
            Volatile.Write(ref _current, copy);
        }
    }

    /// <summary>Reads a registry file; a broken or unreadable one is a <see cref="LocalFileException"/> naming the file and the place.</summary>
    public static RegistryDocument Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, RegistryJson.Context.RegistryDocument)
                ?? throw new LocalFileException($"the emulator registry {path} holds null, not a registry document", "fix it by hand (see src/CertCreds.Emulator/README.md), or delete it to seed the folder afresh");
        }
        catch (JsonException e)
        {
            // Line and byte come from the exception's properties: its message is a resource key in the AOT build.
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}" : string.Empty;
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? string.Empty : $" (at {e.Path})";
            throw new LocalFileException($"the emulator registry {path} is not a valid registry document{where}{field}", "fix it by hand (see src/CertCreds.Emulator/README.md), or delete it to seed the folder afresh", e);
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw new LocalFileException($"the emulator registry {path} cannot be read: {FileFault.Describe(e, path)}", "check the --state-dir folder and its emulator.json", e);
        }
    }

    public static string Serialize(RegistryDocument document) => JsonSerializer.Serialize(document, RegistryJson.Context.RegistryDocument);

    private static RegistryDocument Copy(RegistryDocument document) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(document, RegistryJson.Context.RegistryDocument), RegistryJson.Context.RegistryDocument)!;

    private void RefreshFromDisk()
    {
        if (FilePath is null)
        {
            return;
        }

        var info = new FileInfo(FilePath);
        if (!info.Exists || (info.LastWriteTimeUtc == _loadedWriteTime && info.Length == _loadedLength))
        {
            return;
        }

        lock (_gate)
        {
            info.Refresh();
            if (!info.Exists || (info.LastWriteTimeUtc == _loadedWriteTime && info.Length == _loadedLength))
            {
                return;
            }

            try
            {
                var loaded = Read(FilePath);
                var hadFaults = MoveFaultsToQueue(loaded);
                Volatile.Write(ref _current, loaded);
                if (hadFaults)
                {
                    Save(loaded);
                }
                else
                {
                    Remember(info);
                }

                _log.WriteLine($"certcreds emulator: reloaded {FilePath}");
            }
            catch (Exception e) when (e is LocalFileException || FileFault.IsFileFault(e))
            {
                // Keep answering with the last good registry; remember this version so the error is reported once.
                Remember(info);
                var why = e is LocalFileException ? e.Message : $"{FilePath} could not be saved: {FileFault.Describe(e, FilePath)}";
                _log.WriteLine($"certcreds emulator: {FilePath} could not be loaded, keeping the previous registry: {TerminalText.Escape(why)}");
            }
        }
    }

    private bool MoveFaultsToQueue(RegistryDocument document)
    {
        if (document.Faults.Count == 0 && document.RolesAnywhereFaults.Count == 0)
        {
            return false;
        }

        Faults.Enqueue(document.Faults);
        document.Faults.Clear();
        RolesAnywhereFaults.Enqueue(document.RolesAnywhereFaults);
        document.RolesAnywhereFaults.Clear();
        return true;
    }

    private void Save(RegistryDocument document)
    {
        if (FilePath is null)
        {
            return;
        }

        AtomicFile.WriteText(FilePath, Serialize(document) + "\n");
        Remember(new FileInfo(FilePath));
    }

    private void Remember(FileInfo info)
    {
        info.Refresh();
        _loadedWriteTime = info.LastWriteTimeUtc;
        _loadedLength = info.Length;
    }
}
