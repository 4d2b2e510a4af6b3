namespace Inbox.Silo.Compliance;

public enum Keyword
{
    None,
    Stop,
    StopAll,
    Start,
    Help,
}

/// <summary>
/// The consent keywords, matched on the whole message with case, spaces and punctuation ignored:
/// "stop", "Stop." and " STOP " match; "please stop texting me" does not (it is flagged instead).
/// </summary>
public static class Keywords
{
    private static readonly Dictionary<string, Keyword> Words = new(StringComparer.Ordinal)
    {
        ["STOP"] = Keyword.Stop, ["UNSUBSCRIBE"] = Keyword.Stop, ["CANCEL"] = Keyword.Stop, ["END"] = Keyword.Stop,
        ["QUIT"] = Keyword.Stop, ["REVOKE"] = Keyword.Stop, ["OPTOUT"] = Keyword.Stop,
        ["STOPALL"] = Keyword.StopAll,
        ["START"] = Keyword.Start, ["UNSTOP"] = Keyword.Start, ["YES"] = Keyword.Start,
        ["HELP"] = Keyword.Help, ["INFO"] = Keyword.Help,
    };

    private static readonly string[] OptOutHints = ["STOP", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "DONT TEXT", "DON'T TEXT", "NO MORE", "REMOVE ME"];

    public static Keyword Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return Keyword.None;
        var letters = new string(text.Where(char.IsLetter).Select(char.ToUpperInvariant).ToArray());
        return Words.GetValueOrDefault(letters, Keyword.None);
    }

    /// <summary>Not a keyword, but reads like a wish to opt out: the agent is told, nothing changes by itself.</summary>
    public static bool LooksLikeOptOut(string? text) =>
        Classify(text) == Keyword.None && text is not null && OptOutHints.Any(h => text.ToUpperInvariant().Contains(h, StringComparison.Ordinal));
}
