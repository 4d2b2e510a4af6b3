namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// One fake ACS resource: its access keys and the service limits it enforces. The defaults are ACS's
/// published ones (providers.md §1.1); a test lowers a number's rate to see throttling without sending hundreds.
/// </summary>
public sealed class AcsSmsFakeOptions
{
    /// <summary>The resource's keys (ACS has a primary and a secondary; either signs), base64 as the portal shows them.</summary>
    public IList<string> AccessKeys { get; init; } = [];

    /// <summary>How far a request's date may be from the fake's clock, either way.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The resource's name, as the topic of its Event Grid events names it.</summary>
    public string ResourceName { get; init; } = "inbox-fake";

    /// <summary>How long after accepting a text the carrier's delivery report comes back through Event Grid (seconds, usually).</summary>
    public TimeSpan DeliveryReportDelay { get; init; } = TimeSpan.FromSeconds(1);

    public IList<string> ApiVersions { get; init; } = ["2021-03-07", "2026-01-23"];

    /// <summary>Message units (recipients) per minute of a phone number; ACS's toll-free limit.</summary>
    public int NumberPerMinute { get; init; } = 200;

    public int ShortCodePerMinute { get; init; } = 6000;

    /// <summary>Alphanumeric sender ids share one limit per resource, not one per id.</summary>
    public int AlphanumericPerMinute { get; init; } = 600;

    /// <summary>A rate of its own for a sender (an E.164 number or short code), as support raises or a test lowers it.</summary>
    public IDictionary<string, int> PerMinute { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
