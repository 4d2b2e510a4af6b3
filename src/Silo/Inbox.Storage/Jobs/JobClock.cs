namespace Inbox.Storage;

/// <summary>
/// The clock the job runner reads and times its polls by. Its own type, so a test can give the jobs a
/// fake clock and leave Orleans' membership and maintenance loops on the real one (dotnet/orleans #9131).
/// </summary>
public sealed record JobClock(TimeProvider Time);
