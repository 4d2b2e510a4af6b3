namespace Inbox.Storage.Tests.UnitsOfWork;

/// <summary>The side channel alone: rows offered reach one taker, and nothing outlives its offer.</summary>
public sealed class UnitOfWorkChannelTests
{
    [Fact]
    public void OfferedRowsAreTakenOnceAndGoneAfterTheOffer()
    {
        var rows = new PendingRows([], new CancellationTokenSource());
        using (UnitOfWorkChannel.Offer(rows))
        {
            Assert.Same(rows, UnitOfWorkChannel.Take());
            Assert.Null(UnitOfWorkChannel.Take());
        }
        Assert.Null(UnitOfWorkChannel.Take());
    }

    [Fact]
    public void AnOfferInsideAnotherGivesTheOuterBackWhenItEnds()
    {
        var outer = new PendingRows([], new CancellationTokenSource());
        var inner = new PendingRows([], new CancellationTokenSource());
        using (UnitOfWorkChannel.Offer(outer))
        {
            using (UnitOfWorkChannel.Offer(inner)) { }
            Assert.Same(outer, UnitOfWorkChannel.Take());
        }
        Assert.False(inner.Taken);
    }
}
