namespace Inbox.Benchmarks;

/// <summary>CPU time of this process and of its group-commit writer thread, read from /proc (Linux).</summary>
internal readonly record struct ProcessCpu(double Total, double Writer, double WriterBytes = 0)
{
    public double Others => Total - Writer;

    public static ProcessCpu operator -(ProcessCpu a, ProcessCpu b) => new(a.Total - b.Total, a.Writer - b.Writer, a.WriterBytes - b.WriterBytes);

    public static ProcessCpu Read()
    {
        if (!File.Exists("/proc/self/stat")) return default;
        var writers = Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("inbox-group", StringComparison.Ordinal)).ToArray();
        var writer = writers.Sum(task => Seconds(File.ReadAllText(Path.Combine(task, "stat"))));
        var bytes = writers.Sum(task => WrittenBytes(Path.Combine(task, "io")));
        return new(Seconds(File.ReadAllText("/proc/self/stat")), writer, bytes);
    }

    // "wchar": bytes this thread passed to write calls (the WAL and, at checkpoints, the database file).
    private static double WrittenBytes(string io)
    {
        try
        {
            var line = File.ReadLines(io).FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    // Fields 14 and 15 of stat are user and system time in clock ticks (100 per second here).
    private static double Seconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
