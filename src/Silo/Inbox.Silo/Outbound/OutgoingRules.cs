using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Outbound;

/// <summary>What a message must be to go out on a channel (limits from docs/providers).</summary>
public static class OutgoingRules
{
    /// <summary>Notes stay inside Inbox, so no channel's limit applies; this one keeps a thread readable.</summary>
    public const int MaxNote = 10_000;

    public static int MaxText(Channel channel) => channel switch
    {
        Channel.Sms => 2048,
        Channel.Messenger => 2000,
        _ => 4096,
    };

    /// <summary>Of our channels only a Telegram bot posts into a group; elsewhere a group's thread can be read and noted, not answered.</summary>
    public static DomainException? CannotReplyInto(Channel channel, Inbound.ChatKind chat) =>
        chat == Inbound.ChatKind.Group && channel != Channel.Telegram
            ? Refuse.Rule("group_reply_unsupported", $"{channel.Display()} does not let a business reply into a group chat; write to a member directly, or add a private note.")
            : null;

    public static (string? Text, IReadOnlyList<MediaRef> Media) Validate(Channel channel, Outgoing outgoing)
    {
        var text = string.IsNullOrWhiteSpace(outgoing.Text) ? null : outgoing.Text.Trim();
        var media = outgoing.Media ?? [];
        if (text is null && media.Count == 0) throw Refuse.Invalid("empty_message", "A message needs text or media.", "text");
        if (outgoing.IsPrivate && text?.Length > MaxNote)
            throw Refuse.Invalid("text_too_long", $"A note takes at most {MaxNote} characters; this one has {text.Length}.", "text");
        if (!outgoing.IsPrivate && text?.Length > MaxText(channel))
            throw Refuse.Invalid("text_too_long", $"{channel.Display()} messages take at most {MaxText(channel)} characters; this one has {text.Length}.", "text");
        if (!outgoing.IsPrivate && channel == Channel.Sms && media.Count > 0)
            throw Refuse.Rule("media_unsupported", "SMS numbers send text only.");
        if (media.Any(m => string.IsNullOrWhiteSpace(m.Type) || string.IsNullOrWhiteSpace(m.ProviderMediaId)))
            throw Refuse.Invalid("bad_media", "Each media item needs a type and a provider media id.", "media");
        if (!outgoing.IsPrivate && media.FirstOrDefault(m => !Sendable(m.ProviderMediaId)) is { } unsendable)
            throw Refuse.Invalid("bad_media",
                $"'{unsendable.ProviderMediaId}' cannot be sent: give an https link the provider can fetch, or upload the file (POST /api/v1/brands/{{brandId}}/media) and use its inbox-media: id.",
                "media");
        return (text, media);
    }

    /// <summary>What a provider can be given: an https link it fetches itself, or a file uploaded to Inbox that the sender uploads.</summary>
    public static bool Sendable(string providerMediaId) =>
        Media.IOutboundMedia.UploadId(providerMediaId) is { Length: > 0 }
        || (Uri.TryCreate(providerMediaId, UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps);

    /// <summary>The uploads a message names (inbox-media:{id}), to be checked as the brand's own.</summary>
    public static IReadOnlyList<string> Uploads(IReadOnlyList<MediaRef> media) =>
        media.Select(m => Media.IOutboundMedia.UploadId(m.ProviderMediaId)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
}
