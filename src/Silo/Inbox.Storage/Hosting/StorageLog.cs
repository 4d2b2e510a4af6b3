using Microsoft.Extensions.Logging;

namespace Inbox.Storage;

// Event ids as the Inbox.Actors runtime logged them, so log queries keep working.
internal static partial class StorageLog
{
    [LoggerMessage(4, LogLevel.Warning, "Durable job {Job} failed on attempt {Attempt}; retrying at {RetryAt}")]
    public static partial void JobFailed(this ILogger logger, string job, int attempt, DateTimeOffset retryAt, Exception error);

    [LoggerMessage(5, LogLevel.Error, "The durable job runner failed a poll")]
    public static partial void JobPollFailed(this ILogger logger, Exception error);

    [LoggerMessage(6, LogLevel.Information, "Applied migration {Migration}")]
    public static partial void MigrationApplied(this ILogger logger, string migration);

    [LoggerMessage(7, LogLevel.Error, "A group commit of {Count} units failed")]
    public static partial void GroupCommitFailed(this ILogger logger, int count, Exception error);

    [LoggerMessage(8, LogLevel.Warning, "A WAL checkpoint failed; the next commit retries it")]
    public static partial void CheckpointFailed(this ILogger logger, Exception error);

    [LoggerMessage(9, LogLevel.Information, "The membership table was opened before the schema step ran; it waits for the migrations")]
    public static partial void MembershipWaitsForSchema(this ILogger logger);

    [LoggerMessage(10, LogLevel.Warning, "Ending the job leases of silos declared dead failed; they lapse on their own")]
    public static partial void EndingLeasesFailed(this ILogger logger, Exception error);
}
