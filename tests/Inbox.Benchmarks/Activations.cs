using Inbox.Silo;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;

namespace Inbox.Benchmarks;

internal static class Activations
{
    public static async Task RunAsync(BenchSilo silo, int count, Report report)
    {
        var factory = silo.GrainFactory;
        await factory.GetGrain<IEmptyGrain>(-1).Call();
        var before = HeapAfterFullGc();
        for (var start = 0; start < count; start += 1_000)
            await Task.WhenAll(Enumerable.Range(start, 1_000).Select(i => factory.GetGrain<IEmptyGrain>(i).Call()));
        var after = HeapAfterFullGc();
        // Orleans' own count, less the probe grain and the management grain that counts.
        var live = await factory.GetGrain<IManagementGrain>(0).GetTotalActivationCount() - 2;
        var perActivation = (after - before) / (double)live;
        report.Row($"{live:N0} idle activations", $"{perActivation:N0} bytes each", perActivation <= 1024 ? "≤ 1,024: met" : "≤ 1,024: NOT met",
            $"heap grew {(after - before) / 1048576.0:N1} MiB; counts the grain object, its activation (mailbox, scheduler), its identity and its directory entry");
    }

    /// <summary>
    /// Conversations after 20 inbound messages each, called as the number grain calls them, against as many empty
    /// activations in the same silo: what a conversation keeps beyond what Orleans keeps for any activation. Each is
    /// what the heap gives back when Orleans collects those activations, so the silo's shared tables (directory,
    /// catalog, working set), which grow with activations but never shrink, count in neither.
    /// </summary>
    public static async Task ConversationsAsync(BenchSilo silo, string brandId, int count, Report report)
    {
        const int Messages = 20;
        var factory = silo.GrainFactory;
        await factory.GetGrain<IEmptyGrain>(-1).Call();
        var empty = await ReleasedPerActivationAsync(silo, count, async () =>
        {
            for (var i = 0; i < count; i += 500)
                await Task.WhenAll(Enumerable.Range(i, 500).Select(k => factory.GetGrain<IEmptyGrain>(k).Call()));
        });
        var stateful = await ReleasedPerActivationAsync(silo, count, async () =>
        {
            for (var m = 0; m < Messages; m++)
            {
                for (var i = 0; i < count; i += 500)
                    await Task.WhenAll(Enumerable.Range(i, 500).Select(k => factory.GetGrain<IWriterGrain>(k).Write(m)));
            }
        });
        var targets = Enumerable.Range(0, count).Select(i => new ConversationTarget(Ids.New("cnv"), brandId, "sms:+12065550100", Channel.Sms,
            Ids.New("cnt"), $"Customer {i}", $"+1206555{i:0000}", null)).ToArray();
        var conversation = await ReleasedPerActivationAsync(silo, count, async () =>
        {
            for (var m = 0; m < Messages; m++)
            {
                foreach (var batch in targets.Chunk(500))
                    await Task.WhenAll(batch.Select(t => factory.GetGrain<IConversationGrain>(t.ConversationId).Receive(t, Message(t.ContactAddress, m))));
            }
        });
        var own = conversation - empty;
        report.Row($"{count:N0} empty activations", $"{empty:N0} bytes each", "", "Orleans' cost of any activation: what collecting them gave back");
        report.Row($"{count:N0} grains with a small persistent state, after {Messages} writes each", $"{stateful:N0} bytes each", "",
            $"{stateful - empty:N0} more than empty: Orleans' state bridge, grain lifecycle and migration hooks, the version, a state of an int and a string");
        report.Row($"{count:N0} conversations after {Messages} inbound messages each", $"{conversation:N0} bytes each",
            own <= 1024 ? $"own share ≤ 1,024: met ({own:N0})" : $"own share ≤ 1,024: NOT met ({own:N0})",
            $"own share = a conversation less an empty activation: its state (ids, contact, a preview of the {Message("", 0).Text!.Length}-character " +
            "message: 2 bytes a character, up to 140), the grain and Orleans' state machinery; the recent dedupe keys are one bounded set for the silo");
    }

    /// <summary>Runs <paramref name="activate"/>, then has Orleans collect every idle activation: the heap given back, per activation.</summary>
    private static async Task<double> ReleasedPerActivationAsync(BenchSilo silo, int count, Func<Task> activate)
    {
        var management = silo.GrainFactory.GetGrain<IManagementGrain>(0);
        await activate();
        var before = HeapAfterFullGc();
        var active = await management.GetTotalActivationCount();
        await management.ForceActivationCollection(TimeSpan.Zero);
        while (await management.GetTotalActivationCount() > active - count) await Task.Delay(50);
        await Task.Delay(500); // let deactivations finish their last steps (directory, working set)
        return (before - HeapAfterFullGc()) / (double)count;
    }

    private static InboundEvent Message(string sender, int n) => new()
    {
        Kind = InboundKind.Message, Channel = Channel.Sms, NumberAddress = "+12065550100", SenderAddress = sender,
        DedupeKey = "SM" + Guid.NewGuid().ToString("N"), ProviderTimestamp = DateTimeOffset.UtcNow,
        Text = $"Hi, this is message {n}. My order has not arrived yet, can you check where it is?",
    };

    private static long HeapAfterFullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
