using System.Diagnostics.Metrics;

namespace Inbox.Storage;

/// <summary>The writer's instruments, on the meter "Inbox.Storage" (read them with any Metrics listener).</summary>
internal sealed class StorageMetrics(IMeterFactory meters, GroupCommitter committer) : IDisposable
{
    private Meter? _meter;

    public void Start()
    {
        if (_meter is not null) return;
        _meter = meters.Create("Inbox.Storage");
        _meter.CreateObservableCounter("inbox.storage.transactions", () => committer.Transactions, description: "Group-commit transactions");
        _meter.CreateObservableCounter("inbox.storage.units", () => committer.Units, description: "Units of work committed");
        _meter.CreateObservableCounter("inbox.storage.busy", () => committer.Busy.TotalSeconds, unit: "s", description: "Time the writer spent committing");
    }

    public void Dispose() => _meter?.Dispose();
}
