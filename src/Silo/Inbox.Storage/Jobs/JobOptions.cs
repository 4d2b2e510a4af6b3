namespace Inbox.Storage;

/// <summary>Bound from "Inbox:Jobs".</summary>
public sealed class JobOptions
{
    /// <summary>How often the store is asked for due jobs; a job runs at most this late.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed job stays with its silo before another may take it (a crashed silo's jobs return after this).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between retries of a failing job.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    public int BatchSize { get; set; } = 256;
}
