using System.Diagnostics.Metrics;

namespace Inbox.Actors;

/// <summary>The runtime's instruments, on the meter "Inbox.Actors" (read them with any Metrics listener).</summary>
internal sealed class RuntimeMetrics : IDisposable
{
    private readonly Meter _meter;

    public RuntimeMetrics(IMeterFactory meters, Catalog catalog, GroupCommitter committer)
    {
        _meter = meters.Create("Inbox.Actors");
        _meter.CreateObservableGauge("inbox.actors.activations", () => catalog.Count, description: "Live activations in this silo");
        _meter.CreateObservableGauge("inbox.actors.waiting_calls", () => catalog.ResponseTimeouts.Count, description: "Calls waiting for a response");
        _meter.CreateObservableCounter("inbox.storage.transactions", () => committer.Transactions, description: "Group-commit transactions");
        _meter.CreateObservableCounter("inbox.storage.units", () => committer.Units, description: "Units of work committed");
        _meter.CreateObservableCounter("inbox.storage.busy", () => committer.Busy.TotalSeconds, unit: "s", description: "Time the writer spent committing");
    }

    public void Dispose() => _meter.Dispose();
}
