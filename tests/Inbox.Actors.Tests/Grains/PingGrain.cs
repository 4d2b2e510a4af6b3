namespace Inbox.Actors.Tests;

public interface IPingGrain : IGrainWithIntegerKey
{
    Task Ping();
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;
}
