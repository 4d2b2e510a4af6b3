namespace Inbox.Silo.Channels;

/// <summary>
/// A dedicated sender: one provider address on one channel. The key of its grain is
/// "channel:address", e.g. "sms:+14255550123" or "whatsapp:106540352242922".
/// </summary>
public readonly record struct NumberKey(Channel Channel, string Address)
{
    public override string ToString() => $"{Channel.Wire()}:{Address}";

    public static NumberKey Parse(string key)
    {
        var colon = key.IndexOf(':');
        if (colon <= 0 || colon == key.Length - 1) throw new DomainException("bad_number_key", $"'{key}' is not a number key (channel:address).");
        return new NumberKey(ChannelNames.ParseChannel(key[..colon]), key[(colon + 1)..]);
    }
}
