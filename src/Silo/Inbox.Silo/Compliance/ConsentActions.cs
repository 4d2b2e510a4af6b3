namespace Inbox.Silo.Compliance;

/// <summary>
/// The two spellings of a consent action: the API's (<c>optIn</c>, as the enum) and the audit trail's
/// (<c>opt_in</c>, as stored in <c>consent_events.change</c>). An import may use either, so that a
/// trail exported from one brand or system can be fed back in.
/// </summary>
public static class ConsentActions
{
    public static string Wire(this ConsentAction action) => action switch
    {
        ConsentAction.OptIn => "opt_in",
        ConsentAction.OptInMarketing => "opt_in_marketing",
        ConsentAction.WithdrawMarketing => "withdraw_marketing",
        _ => "opt_out",
    };

    /// <summary>Either spelling, ignoring case; never a number (Enum.TryParse would take "3" for OptOut).</summary>
    public static bool TryParse(string? text, out ConsentAction action)
    {
        var trimmed = text?.Trim() ?? "";
        foreach (var candidate in Enum.GetValues<ConsentAction>())
        {
            if (string.Equals(trimmed, candidate.ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, candidate.Wire(), StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }
        action = default;
        return false;
    }

    public const string Spellings = "optIn, optInMarketing, withdrawMarketing or optOut (or as the audit trail writes them: opt_in, opt_in_marketing, withdraw_marketing, opt_out)";
}
