using Microsoft.Extensions.Options;

namespace Inbox.Storage;

/// <summary>Refuses storage settings the silo cannot work with, at start, naming the setting.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
            failures.Add($"Inbox:Storage:Provider must be Sqlite or Postgres, not {options.Provider}.");
        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add("Inbox:Storage:Provider is Postgres, so ConnectionStrings:Inbox must name the PostgreSQL database.");
        if (options.MaxBatch < 1)
            failures.Add($"Inbox:Storage:MaxBatch must be at least 1, not {options.MaxBatch}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Refuses job settings that would spin, never lease or never poll.</summary>
internal sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        var failures = new List<string>();
        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.Lease, nameof(options.Lease));
        Positive(options.MaxRetryDelay, nameof(options.MaxRetryDelay));
        if (options.BatchSize < 1) failures.Add($"Inbox:Jobs:BatchSize must be at least 1, not {options.BatchSize}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero) failures.Add($"Inbox:Jobs:{setting} must be a positive time span (hh:mm:ss), not {value}.");
        }
    }
}
