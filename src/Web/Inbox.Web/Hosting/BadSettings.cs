using Microsoft.Extensions.Options;

namespace Inbox.Web.Hosting;

/// <summary>Tells a refusal of settings (which deserves one clear line) from a fault (which keeps its stack trace).</summary>
public static class BadSettings
{
    /// <summary>The refusal's own words when <paramref name="failure"/> is one or more refused settings; null for anything else.</summary>
    public static string? Explain(Exception failure) => failure switch
    {
        OptionsValidationException refused => refused.Message,
        AggregateException { InnerExceptions.Count: > 0 } all when all.InnerExceptions.All(e => e is OptionsValidationException) =>
            string.Join(" ", all.InnerExceptions.Select(e => e.Message)),
        _ => null,
    };

    /// <summary>The exit code of a node that refused its settings: distinct from a crash's, so a supervisor need not restart it.</summary>
    public const int ExitCode = 2;
}
