using Microsoft.Extensions.Options;

namespace Inbox.Silo.Events;

/// <summary>Bound from "Inbox:LiveEvents": how often a node renews what it watches, and when a registration not renewed lapses.</summary>
public sealed class LiveEventsOptions
{
    /// <summary>Also the longest a node stays deaf after a relay lost its registrations (the relay's node died).</summary>
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a relay keeps sending to a node that stopped renewing (a dead node), at most.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Refuses renewal settings under which a live node's registration would lapse between renewals.</summary>
internal sealed class LiveEventsOptionsValidator : IValidateOptions<LiveEventsOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveEventsOptions options)
    {
        if (options.RenewEvery <= TimeSpan.Zero)
            return ValidateOptionsResult.Fail($"Inbox:LiveEvents:RenewEvery must be a positive time span (hh:mm:ss), not {options.RenewEvery}.");
        if (options.Expiry < 2 * options.RenewEvery)
            return ValidateOptionsResult.Fail($"Inbox:LiveEvents:Expiry ({options.Expiry}) must be at least twice RenewEvery ({options.RenewEvery}), so one late renewal loses nothing.");
        return ValidateOptionsResult.Success;
    }
}
