namespace Inbox.Actors.Tests;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(int periodMs, int tickMs);

    Task<int> Ticks();

    Task Deactivate();
}

public sealed class TimerGrain(Probe probe) : Grain, ITimerGrain
{
    private int _ticks;

    public Task Start(int periodMs, int tickMs)
    {
        RegisterGrainTimer(async ct =>
        {
            using var _ = probe.Enter();
            _ticks++;
            probe.Record($"tick:{this.GetPrimaryKeyString()}");
            await Task.Delay(tickMs, ct);
        }, new GrainTimerCreationOptions { DueTime = TimeSpan.FromMilliseconds(periodMs), Period = TimeSpan.FromMilliseconds(periodMs) });
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
