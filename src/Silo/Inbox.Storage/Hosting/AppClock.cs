namespace Inbox.Storage;

/// <summary>
/// The clock of the application running on the silo: what grains decide by (a snooze's end, a window,
/// quiet hours) and what the job runner polls and dues jobs by. One clock for both, so a job falls due
/// exactly when the grain that scheduled it thinks it should. Its own type, so a test can fake the
/// application's time and leave Orleans' membership and maintenance loops on the real
/// <see cref="TimeProvider"/> (a fake handed to those can hang them: dotnet/orleans #9131).
/// </summary>
public sealed record AppClock(TimeProvider Time)
{
    public DateTimeOffset GetUtcNow() => Time.GetUtcNow();
}
