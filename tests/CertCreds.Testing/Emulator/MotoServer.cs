using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CertCreds.Testing.Emulator;

/// <summary>
/// A moto_server child process on 127.0.0.1 and a free port, killed (with its children) on dispose.
/// Missing moto fails loudly: a test that needs it must not pass without it.
/// </summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public static async Task<MotoServer> StartAsync()
    {
        var executable = Locate() ?? throw new InvalidOperationException(
            "moto_server was not found (looked at $MOTO_SERVER, /root/.pyenv/shims/moto_server and PATH). Install it with `pip install 'moto[server]'`.");
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var moto = new MotoServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                moto.Dispose();
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before listening on port {port}.");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return moto;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        moto.Dispose();
        throw new InvalidOperationException($"moto_server did not listen on 127.0.0.1:{port} within 60 s.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static string? Locate()
    {
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("MOTO_SERVER"), "/root/.pyenv/shims/moto_server" };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, "moto_server")));
        return candidates.FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
