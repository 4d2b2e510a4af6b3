using System.Runtime.InteropServices;
using System.Text;

namespace Inbox.Benchmarks;

/// <summary>Collects results as Markdown with the machine and the date, and echoes them to the console.</summary>
internal sealed class Report
{
    private readonly StringBuilder _body = new();
    private bool _tableOpen;

    public void Section(string title, string description)
    {
        _tableOpen = false;
        _body.AppendLine().AppendLine($"## {title}").AppendLine().AppendLine(description).AppendLine();
        Console.WriteLine($"\n== {title}");
    }

    public void Row(string what, string result, string target, string notes)
    {
        if (!_tableOpen)
        {
            _body.AppendLine().AppendLine("| Run | Result | Target | Notes |").AppendLine("|---|---|---|---|");
            _tableOpen = true;
        }
        _body.AppendLine($"| {what} | {result} | {target} | {notes} |");
        Console.WriteLine($"{what}: {result} {target} ({notes})");
    }

    public void Line(string text)
    {
        _tableOpen = false;
        _body.AppendLine().AppendLine(text);
        Console.WriteLine(text);
    }

    /// <summary>Only the sections, for a parent process that runs each in a process of its own.</summary>
    public void WriteBody(string path) => File.WriteAllText(path, _body.ToString());

    public void Append(string body) => _body.Append(body);

    public void Write(string path)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var header = new StringBuilder()
            .AppendLine("# Performance")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project tests/Inbox.Benchmarks` (PostgreSQL rows: `infra/bench.sh`). Each section runs in a fresh process; the figures are from one such run, so re-run to compare.")
            .AppendLine()
            .AppendLine($"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine($"- Machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {memory:N0} GiB, {RuntimeInformation.OSDescription}")
            .AppendLine($"- Runtime: {RuntimeInformation.FrameworkDescription}, workstation GC, Release build");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, header.Append(_body).ToString());
    }
}
