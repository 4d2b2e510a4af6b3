using Inbox.Connectors.Messenger;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>A customer's attachment fetched from the fake's CDN: found, too large, expired, unknown, unreachable.</summary>
public sealed class MessengerCdnClientTests
{
    private static readonly MessengerMediaSource Source = new(new MessengerCdnClient(new HttpClient()));

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_live_link_gives_the_file_with_its_type_and_name()
    {
        await using var meta = await MessengerFakeHarness.StartAsync(_clock);
        var url = meta.Fake.Host([1, 2, 3], "image/jpeg", "photo.jpg");

        var found = Assert.IsType<MediaFetch.Found>(await Source.FetchAsync(new MediaRef("image", url.ToString()), 1024, CancellationToken.None));

        Assert.Equal([1, 2, 3], found.Content);
        Assert.Equal(("image/jpeg", "photo.jpg"), (found.ContentType, found.FileName));
    }

    [Fact]
    public async Task A_file_over_the_cap_is_too_large()
    {
        await using var meta = await MessengerFakeHarness.StartAsync(_clock);
        var url = meta.Fake.Host(new byte[2048], "video/mp4", "clip.mp4");

        Assert.Equal(2048, Assert.IsType<MediaFetch.TooLarge>(await Source.FetchAsync(new MediaRef("video", url.ToString()), 1024, CancellationToken.None)).Size);
    }

    [Fact]
    public async Task An_expired_or_unknown_link_is_gone_with_what_the_cdn_said()
    {
        await using var meta = await MessengerFakeHarness.StartAsync(_clock);
        var url = meta.Fake.Host([1], "image/jpeg", "photo.jpg", TimeSpan.FromMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(6));

        var expired = Assert.IsType<MediaFetch.Gone>(await Source.FetchAsync(new MediaRef("image", url.ToString()), 1024, CancellationToken.None));
        var unknown = Assert.IsType<MediaFetch.Gone>(await Source.FetchAsync(new MediaRef("image", new Uri(meta.Server.GraphBase, "cdn/v/00/x.jpg").ToString()), 1024, CancellationToken.None));

        Assert.Contains("403", expired.Reason);
        Assert.Contains("URL signature expired", expired.Reason);
        Assert.Contains("404", unknown.Reason);
        Assert.IsType<MediaFetch.Gone>(await Source.FetchAsync(new MediaRef("image", "1198457212345678"), 1024, CancellationToken.None));
    }

    [Fact]
    public async Task A_cdn_that_cannot_be_reached_is_unavailable_for_now()
    {
        Assert.IsType<MediaFetch.Unavailable>(await Source.FetchAsync(new MediaRef("image", "http://127.0.0.1:1/cdn/v/x/y.jpg"), 1024, CancellationToken.None));
    }
}
