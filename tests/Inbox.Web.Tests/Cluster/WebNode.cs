using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Inbox.Web.Tests.Cluster;

/// <summary>
/// The built Inbox.Web.dll run by <c>dotnet</c> as a process of its own, settings given as environment variables
/// ("Inbox:Cluster:Provider" becomes Inbox__Cluster__Provider), so a test can start nodes as an operator does and
/// kill one as the operating system does (SIGKILL). Its output is kept, to show when it fails.
/// </summary>
public sealed class WebNode : IDisposable
{
    private const int KeptLines = 300;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebNode(string name, IReadOnlyDictionary<string, string?> settings, int httpPort)
    {
        Name = name;
        BaseUrl = $"http://127.0.0.1:{httpPort}";
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Inbox.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Keep(e.Data, "");
        _process.ErrorDataReceived += (_, e) => Keep(e.Data, "stderr: ");
        _process.Exited += (_, _) => _exited.TrySetResult();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What it wrote (the last few hundred lines), standard error marked.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts a node on a free loopback port; it is not ready until <see cref="WaitUntilHealthyAsync"/> says so.</summary>
    public static WebNode Start(string name, IReadOnlyDictionary<string, string?> settings) => new(name, settings, FreePort());

    /// <summary>Waits until /health answers 200 (the store answers and the silo runs).</summary>
    public async Task WaitUntilHealthyAsync(int timeoutMs)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (HasExited) throw new InvalidOperationException($"Node {Name} exited ({ExitCode}) before it was healthy:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"Node {Name} not healthy after {timeoutMs} ms:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the process to end by itself (a refused start), killing it after <paramref name="timeoutMs"/>.</summary>
    public async Task<int> WaitForExitAsync(int timeoutMs)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeoutMs)) != _exited.Task)
        {
            Kill();
            throw new TimeoutException($"Node {Name} still ran after {timeoutMs} ms:\n{Output}");
        }
        await _process.WaitForExitAsync(); // and its output is read to the end
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no goodbye to the cluster, connections cut.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line, string prefix)
    {
        if (line is null) return;
        _lines.Enqueue(prefix + line);
        while (_lines.Count > KeptLines) _lines.TryDequeue(out _);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
