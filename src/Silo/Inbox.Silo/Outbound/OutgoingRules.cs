using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Outbound;

/// <summary>What a message must be to go out on a channel (limits from docs/providers).</summary>
public static class OutgoingRules
{
    public static int MaxText(Channel channel) => channel switch
    {
        Channel.Sms => 2048,
        Channel.Messenger => 2000,
        _ => 4096,
    };

    public static (string? Text, IReadOnlyList<MediaRef> Media) Validate(Channel channel, Outgoing outgoing)
    {
        var text = string.IsNullOrWhiteSpace(outgoing.Text) ? null : outgoing.Text.Trim();
        var media = outgoing.Media ?? [];
        if (text is null && media.Count == 0) throw Refuse.Invalid("empty_message", "A message needs text or media.");
        var max = outgoing.IsPrivate ? 10_000 : MaxText(channel);
        if (text?.Length > max) throw Refuse.Invalid("text_too_long", $"{channel} messages take at most {max} characters; this one has {text.Length}.");
        if (!outgoing.IsPrivate && channel == Channel.Sms && media.Count > 0)
            throw Refuse.Invalid("media_unsupported", "SMS numbers send text only.");
        if (media.Any(m => string.IsNullOrWhiteSpace(m.Type) || string.IsNullOrWhiteSpace(m.ProviderMediaId)))
            throw Refuse.Invalid("bad_media", "Each media item needs a type and a provider media id.");
        return (text, media);
    }
}
