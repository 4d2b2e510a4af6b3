using System.Text.Json.Serialization;

namespace Inbox.Silo.Channels;

[JsonConverter(typeof(WireEnum<Channel>))]
public enum Channel
{
    Sms,
    WhatsApp,
    Messenger,
    Telegram,
}

/// <summary>What a dedicated number is for; messages that start contact must match it.</summary>
[JsonConverter(typeof(WireEnum<Purpose>))]
public enum Purpose
{
    Support,
    Alerts,
    Marketing,
}

public static class ChannelNames
{
    public static string Wire(this Channel channel) => channel switch
    {
        Channel.Sms => "sms",
        Channel.WhatsApp => "whatsapp",
        Channel.Messenger => "messenger",
        Channel.Telegram => "telegram",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static Channel ParseChannel(string value) => value.ToLowerInvariant() switch
    {
        "sms" => Channel.Sms,
        "whatsapp" => Channel.WhatsApp,
        "messenger" => Channel.Messenger,
        "telegram" => Channel.Telegram,
        _ => throw new DomainException("unknown_channel", $"'{value}' is not a channel: use sms, whatsapp, messenger or telegram."),
    };

    /// <summary>The channel's name as people write it: "SMS", "WhatsApp".</summary>
    public static string Display(this Channel channel) => channel == Channel.Sms ? "SMS" : channel.ToString();

    public static string Wire(this Purpose purpose) => purpose.ToString().ToLowerInvariant();

    /// <summary>"a support number", "an alerts number".</summary>
    public static string NumberPhrase(this Purpose purpose) => Refuse.Article(purpose.Wire()) + " number";

    /// <summary>Why a number of one purpose may not send another purpose's message.</summary>
    public static DomainException Mismatch(string numberKey, Purpose has, Purpose wanted) => Refuse.Rule("purpose_mismatch",
        $"{numberKey} is {has.NumberPhrase()}; {wanted.Wire()} messages go from {wanted.NumberPhrase()}.");

    public static Purpose ParsePurpose(string value) => value.ToLowerInvariant() switch
    {
        "support" => Purpose.Support,
        "alerts" => Purpose.Alerts,
        "marketing" => Purpose.Marketing,
        _ => throw new DomainException("unknown_purpose", $"'{value}' is not a purpose: use support, alerts or marketing."),
    };
}
