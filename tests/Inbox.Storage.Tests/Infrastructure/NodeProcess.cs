using System.Diagnostics;

namespace Inbox.Storage.Tests;

/// <summary>
/// A <see cref="Node"/> in a process of its own, so a test can kill it the way an operating system
/// does (SIGKILL: no goodbye, no Dead row, connections cut). An in-process silo cannot die like that:
/// even a cancelled stop still writes itself Dead. The process is this test assembly, run by
/// <c>dotnet</c> with <see cref="Program.Main"/>'s "node" arguments.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, string address) => (_process, Address) = (process, address);

    /// <summary>The silo's address as <see cref="SiloAddress.ToString"/> gives it.</summary>
    public string Address { get; }

    /// <summary>Starts the node and waits for it to have written <paramref name="value"/> through a grain of <paramref name="key"/> placed on it.</summary>
    public static async Task<NodeProcess> StartAsync(StoreConfig config, string clusterId, string key, int value, int timeoutMs)
    {
        // The CLI that runs the tests says where it is; plain "dotnet" from PATH otherwise.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(NodeProcess).Assembly.Location, "node", config.ConnectionString, config.ServiceId, clusterId, key, value.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.ErrorDataReceived += (_, _) => { }; // drained, so a chatty child never blocks on a full pipe
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The node process exited ({(process.WaitForExit(1000) ? process.ExitCode : -1)}) before it was ready");
                if (line.StartsWith("ready ", StringComparison.Ordinal)) return new NodeProcess(process, line["ready ".Length..]);
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
