namespace Inbox.Benchmarks;

/// <summary>CPU time of this process and of its group-commit writer thread, read from /proc (Linux).</summary>
internal readonly record struct ProcessCpu(double Total, double Writer)
{
    public double Others => Total - Writer;

    public static ProcessCpu operator -(ProcessCpu a, ProcessCpu b) => new(a.Total - b.Total, a.Writer - b.Writer);

    public static ProcessCpu Read()
    {
        if (!File.Exists("/proc/self/stat")) return default;
        var writer = Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("inbox-group", StringComparison.Ordinal))
            .Sum(task => Seconds(File.ReadAllText(Path.Combine(task, "stat"))));
        return new(Seconds(File.ReadAllText("/proc/self/stat")), writer);
    }

    /// <summary>CPU seconds another process (a child this one started) has used so far; 0 once it is gone.</summary>
    public static double Of(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            return File.Exists(stat) ? Seconds(File.ReadAllText(stat)) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds used so far by the processes below this one (its children, theirs…), except <paramref name="except"/> and those below it.</summary>
    public static double Descendants(int except)
    {
        if (!Directory.Exists("/proc/self")) return 0;
        var parents = new Dictionary<int, (int Parent, double Cpu)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), Seconds(stat));
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }
        var self = Environment.ProcessId;
        bool Below(int pid)
        {
            for (var p = pid; parents.TryGetValue(p, out var entry) && p > 1; p = entry.Parent)
            {
                if (p == except) return false;
                if (entry.Parent == self) return true;
            }
            return false;
        }
        return parents.Where(p => p.Key != self && Below(p.Key)).Sum(p => p.Value.Cpu);
    }

    // Fields 14 and 15 of stat are user and system time in clock ticks (100 per second here).
    private static double Seconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
