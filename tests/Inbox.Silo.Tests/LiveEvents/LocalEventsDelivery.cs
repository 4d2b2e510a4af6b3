using Inbox.Silo.Conversations;
using Inbox.Silo.Events;

namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>A node's own subscribers: each hears its brand only, in order, from a bounded queue of its own.</summary>
public sealed class LocalEventsDelivery
{
    [Fact]
    public async Task ASubscriberHearsOnlyTheBrandItWatches()
    {
        var local = new LocalEvents();
        var heard = new List<string>();
        using var subscription = local.Subscribe("brand-y", e =>
        {
            lock (heard) heard.Add(((ConversationUpdated)e).Conversation.Id);
            return ValueTask.CompletedTask;
        });

        Assert.False(local.Deliver(Updated("brand-x", "x1")));
        Assert.True(local.Deliver(Updated("brand-y", "y1")));

        await Eventually.True(() => { lock (heard) return heard.Count == 1; }, "the sentinel of brand-y");
        lock (heard) Assert.Equal(["y1"], heard);
    }

    [Fact]
    public async Task ASubscriberThatFallsBehindLosesTheOldestAndKeepsTheNewestInOrder()
    {
        var local = new LocalEvents(capacity: 3);
        var release = new TaskCompletionSource();
        var heard = new List<long>();
        using var subscription = local.Subscribe("brand", async e =>
        {
            await release.Task;
            lock (heard) heard.Add(((ConversationEvent)e).Sequence);
        });

        local.Deliver(Updated("brand", "c", 1));
        for (var sequence = 2; sequence <= 10; sequence++) local.Deliver(Updated("brand", "c", sequence));
        release.SetResult();

        await Eventually.True(() => { lock (heard) return heard.LastOrDefault() == 10; }, "the newest arrived");
        lock (heard)
        {
            Assert.Equal(heard.Order(), heard);
            Assert.Equal([8L, 9L, 10L], heard.TakeLast(3));
            Assert.True(heard.Count <= 4, $"heard {heard.Count}: the queue of 3 (and the one in hand) dropped the oldest");
        }
    }

    [Fact]
    public async Task AFailingHandlerStopsNeitherItsNextEventsNorAnotherSubscriber()
    {
        var local = new LocalEvents();
        var failing = new List<long>();
        var other = new List<long>();
        using var first = local.Subscribe("brand", e =>
        {
            var sequence = ((ConversationEvent)e).Sequence;
            lock (failing) failing.Add(sequence);
            return sequence == 1 ? throw new InvalidOperationException("this subscriber's own trouble") : ValueTask.CompletedTask;
        });
        using var second = local.Subscribe("brand", e =>
        {
            lock (other) other.Add(((ConversationEvent)e).Sequence);
            return ValueTask.CompletedTask;
        });

        local.Deliver(Updated("brand", "c", 1));
        local.Deliver(Updated("brand", "c", 2));

        await Eventually.True(() => { lock (failing) lock (other) return failing.Count == 2 && other.Count == 2; }, "both heard both");
    }

    /// <summary>A grain publishes inside its turn: its handlers must run on the pool, not on its scheduler, and see none of its async-locals.</summary>
    [Fact]
    public async Task HandlersRunOffThePublishersSchedulerAndContext()
    {
        var local = new LocalEvents();
        var seen = new TaskCompletionSource<(TaskScheduler Scheduler, string? Local)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = local.Subscribe("brand", e =>
        {
            seen.TrySetResult((TaskScheduler.Current, Publisher.Value));
            return ValueTask.CompletedTask;
        });
        var turn = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

        await Task.Factory.StartNew(() =>
        {
            Publisher.Value = "the grain's request context";
            local.Deliver(Updated("brand", "c"));
        }, CancellationToken.None, TaskCreationOptions.None, turn);

        var (scheduler, value) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(TaskScheduler.Default, scheduler);
        Assert.Null(value);
    }

    private static readonly AsyncLocal<string?> Publisher = new();

    [Fact]
    public void TheLastSubscriberOfABrandLeavingIsReportedOnce()
    {
        var local = new LocalEvents();
        var gone = new List<string>();
        var first = local.Subscribe("brand", _ => ValueTask.CompletedTask, gone.Add);
        var second = local.Subscribe("brand", _ => ValueTask.CompletedTask, gone.Add);

        first.Dispose();
        Assert.Empty(gone);
        Assert.True(local.Watches("brand"));
        second.Dispose();
        second.Dispose();

        Assert.Equal(["brand"], gone);
        Assert.False(local.Watches("brand"));
        Assert.Empty(local.Brands);
    }

    private static ConversationUpdated Updated(string brandId, string conversationId, long sequence = 1) => new(brandId, null,
        new ConversationRow(conversationId, brandId, Channels.Channel.Sms, "sms:+14255550100", "ctc_1", null, "+14255550123", null, null,
            ConversationStatus.Open, null, 0, null, DateTimeOffset.UnixEpoch, null)) { Sequence = sequence };
}
