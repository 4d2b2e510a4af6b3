using Inbox.Silo.Brands;

namespace Inbox.Silo.Compliance;

/// <summary>The one confirmation each keyword gets: the brand's text, or a default naming the brand.</summary>
public static class KeywordReplies
{
    public static string? For(Keyword keyword, BrandView brand) => keyword switch
    {
        Keyword.Help => brand.Settings.HelpText
            ?? $"{brand.Name}: reply here and our team will help. Msg & data rates may apply. Reply STOP to opt out.",
        Keyword.Stop => brand.Settings.StopReply
            ?? $"{brand.Name}: you are unsubscribed and will get no more messages from this number. Reply START to resubscribe.",
        Keyword.StopAll => brand.Settings.StopAllReply
            ?? $"{brand.Name}: you are unsubscribed from all our numbers on this channel. Reply START to resubscribe.",
        Keyword.Start => brand.Settings.StartReply
            ?? $"{brand.Name}: you are subscribed again. Msg & data rates may apply. Reply HELP for help, STOP to opt out.",
        _ => null,
    };

    /// <summary>Whether keywords apply on this channel for this brand (always on SMS).</summary>
    public static bool Apply(Channels.Channel channel, BrandSettings settings) => channel == Channels.Channel.Sms || settings.KeywordsOnAllChannels;
}
