namespace Inbox.Actors;

public sealed record GrainTimerCreationOptions
{
    public required TimeSpan DueTime { get; init; }

    /// <summary>Time between the end of one tick and the start of the next; infinite for one shot.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Whether ticks may interleave with other requests (default: they queue like calls).</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether a tick counts as activity that keeps the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}

public interface IGrainTimer : IDisposable
{
    void Change(TimeSpan dueTime, TimeSpan period);
}
