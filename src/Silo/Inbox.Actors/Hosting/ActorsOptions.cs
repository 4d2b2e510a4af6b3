using System.ComponentModel.DataAnnotations;

namespace Inbox.Actors;

/// <summary>Runtime settings, bound from the "Inbox:Actors" configuration section.</summary>
public sealed class ActorsOptions
{
    /// <summary>Separates deployments that share one database.</summary>
    [Required, MaxLength(150)]
    public string ServiceId { get; set; } = "inbox";

    /// <summary>How long a caller waits for a grain before it gets a <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often waiting calls are checked against their deadlines.</summary>
    public TimeSpan ResponseTimeoutScanPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An activation unused this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often activations are checked for idleness.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Above this many live activations the least recently used idle ones are deactivated.</summary>
    [Range(1, int.MaxValue)]
    public int MaxActivations { get; set; } = 1_000_000;

    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
