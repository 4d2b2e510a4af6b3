using System.Globalization;

namespace Inbox.Benchmarks;

/// <summary>What a process's runtime has spent so far: the JIT's compiling, the GC's pauses, and its collections by generation.</summary>
internal sealed record RuntimeTimes(TimeSpan Jit, TimeSpan GcPaused, int Gen0, int Gen1, int Gen2)
{
    public static readonly RuntimeTimes None = new(TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0);

    public static RuntimeTimes Here() => new(System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public static RuntimeTimes Parse(string line)
    {
        var parts = line.Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new(TimeSpan.FromTicks(parts[0]), TimeSpan.FromTicks(parts[1]), (int)parts[2], (int)parts[3], (int)parts[4]);
    }

    public static RuntimeTimes operator -(RuntimeTimes after, RuntimeTimes before) =>
        new(after.Jit - before.Jit, after.GcPaused - before.GcPaused, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2);

    public static RuntimeTimes operator +(RuntimeTimes a, RuntimeTimes b) =>
        new(a.Jit + b.Jit, a.GcPaused + b.GcPaused, a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2);
}
