using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>Refuses settings the runtime cannot work with, at start, with the setting's name.</summary>
internal sealed class ActorsOptionsValidator : IValidateOptions<ActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, ActorsOptions options)
    {
        var failures = new List<string>();
        Positive(options.ResponseTimeout, nameof(options.ResponseTimeout));
        Positive(options.ResponseTimeoutScanPeriod, nameof(options.ResponseTimeoutScanPeriod));
        Positive(options.CollectionAge, nameof(options.CollectionAge));
        Positive(options.CollectionQuantum, nameof(options.CollectionQuantum));
        Positive(options.ActivationTimeout, nameof(options.ActivationTimeout));
        Positive(options.DeactivationTimeout, nameof(options.DeactivationTimeout));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero) failures.Add($"Inbox:Actors:{setting} must be a positive time span (hh:mm:ss), not {value}.");
        }
    }
}
