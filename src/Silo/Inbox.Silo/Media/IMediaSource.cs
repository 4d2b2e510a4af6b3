using Inbox.Silo.Accounts;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Media;

/// <summary>
/// A connector's part for opening inbound media of one kind of provider account: the source of an account,
/// made from the account as it is now (cheap, like <see cref="Outbound.IChannelSenderFactory"/>).
/// </summary>
public interface IMediaSourceFactory
{
    ProviderAccountKind Kind { get; }

    IMediaSource Create(ProviderAccountView account);
}

/// <summary>Fetches one attachment from the provider that holds it (WhatsApp media id, Telegram file id, Messenger CDN URL).</summary>
public interface IMediaSource
{
    /// <param name="media">The reference as the inbound event stored it.</param>
    /// <param name="maxBytes">The most the caller will keep; a larger file is <see cref="MediaFetch.TooLarge"/> (checked on the declared size and while reading).</param>
    Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>What a provider made of a media fetch.</summary>
public abstract record MediaFetch
{
    private MediaFetch() { }

    /// <summary>The file, read whole (at most the caller's limit), with the type the provider gave.</summary>
    public sealed record Found(byte[] Content, string ContentType, string? FileName = null) : MediaFetch;

    /// <summary>The provider no longer has it or will never give it (expired WhatsApp media, a Telegram file over the bot limit): final, answered 410.</summary>
    public sealed record Gone(string Reason) : MediaFetch;

    /// <summary>Larger than the caller keeps: final, answered 410 with the size.</summary>
    public sealed record TooLarge(long? Size, string Reason) : MediaFetch;

    /// <summary>The provider refused our credentials: answered 502, the reason names the account, never a secret.</summary>
    public sealed record AuthFailed(string Reason) : MediaFetch;

    /// <summary>Worth trying again later (timeout, 5xx, rate limit): answered 503.</summary>
    public sealed record Unavailable(string Reason) : MediaFetch;
}
