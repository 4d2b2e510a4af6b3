namespace Inbox.Connectors.Fakes.Sms;

/// <summary>One recipient's item of the 202's multi-status body, in ACS's field names.</summary>
public sealed record AcsSmsFakeItem(string To, string? MessageId, int HttpStatusCode, string? RepeatabilityResult, bool Successful, string? ErrorMessage)
{
    public static AcsSmsFakeItem Refused(string to, int status, string message) => new(to, null, status, null, false, message);
}

/// <summary>What the fake answers an authenticated, well-formed request.</summary>
public abstract record AcsSmsFakeOutcome
{
    private AcsSmsFakeOutcome() { }

    /// <summary>202 with one item per recipient.</summary>
    public sealed record Items(IReadOnlyList<AcsSmsFakeItem> Value) : AcsSmsFakeOutcome;

    /// <summary>429: nothing sent; try again after this long.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : AcsSmsFakeOutcome;

    /// <summary>An injected failure (<see cref="AcsSmsFake.FailNext"/>).</summary>
    public sealed record Failed(int Status) : AcsSmsFakeOutcome;
}
