namespace CertCreds.EndToEnd;

/// <summary>
/// A temporary HOME with the emulator running in it as a real process, obtaining credentials from moto's STS
/// (see <see cref="EmulatorProcess.StartOnMotoAsync"/>): the world every AWS-client test starts from. The emulator
/// is stopped and the folder removed on dispose.
/// </summary>
public sealed class MotoHome : IAsyncDisposable
{
    private MotoHome(string path, EmulatorProcess emulator)
    {
        Path = path;
        Emulator = emulator;
    }

    public string Path { get; }

    public EmulatorProcess Emulator { get; }

    public static async Task<MotoHome> StartAsync(MotoServer moto, string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            return new MotoHome(path, await EmulatorProcess.StartOnMotoAsync(moto, path));
        }
        catch
        {
            Directory.Delete(path, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(Path, recursive: true);
    }
}
