namespace Inbox.Actors.Tests;

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="other"/>, which calls back into this grain: A → B → A.</summary>
    Task<string> CallThrough(string other);

    Task<string> CallBack(string origin);

    Task<string> Ping();
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallThrough(string other) =>
        GrainFactory.GetGrain<ICycleGrain>(other).CallBack(this.GetPrimaryKeyString());

    public Task<string> CallBack(string origin) => GrainFactory.GetGrain<ICycleGrain>(origin).Ping();

    public Task<string> Ping() => Task.FromResult("pong");
}
