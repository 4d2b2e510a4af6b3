using System.Text.RegularExpressions;

namespace Inbox.Web.Accounts;

/// <summary>
/// Bound from "Inbox:Providers": where each provider's API is (so the app can be pointed at any
/// compatible server, such as a fake), and credentials an operator keeps in configuration or the
/// environment instead of entering them through the API.
/// </summary>
public sealed partial class ProviderOptions
{
    public MetaOptions Meta { get; set; } = new();

    public TelegramOptions Telegram { get; set; } = new();

    /// <summary>
    /// Credentials by provider account id and wire name (Inbox:Providers:Accounts:acc_123:accessToken, or the
    /// environment's Inbox__Providers__Accounts__acc_123__accessToken); they win over ones entered through the API.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Accounts { get; set; } = [];

    public sealed class MetaOptions
    {
        public string GraphApiBase { get; set; } = "https://graph.facebook.com";

        /// <summary>The Graph API version every call names, such as v23.0.</summary>
        public string GraphApiVersion { get; set; } = "v23.0";

        /// <summary>
        /// How long a Graph call may take. Past it a WhatsApp or Messenger send is "may have been sent" and never retried
        /// automatically, so it is generous; tests shorten it.
        /// </summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Meta apps known from configuration alone, by any name: each one's app secret signs webhooks and
        /// its verify token answers the subscription handshake, beside the Meta app accounts of the API.
        /// </summary>
        public Dictionary<string, MetaAppOptions> Apps { get; set; } = [];
    }

    public sealed class MetaAppOptions
    {
        public string? AppId { get; set; }

        public string? AppSecret { get; set; }

        /// <summary>During a rotation, the secret Meta's dashboard is about to be given (or has been): accepted beside <see cref="AppSecret"/>.</summary>
        public string? AppSecretNext { get; set; }

        public string? VerifyToken { get; set; }
    }

    public sealed class TelegramOptions
    {
        public string ApiBase { get; set; } = "https://api.telegram.org";

        /// <summary>
        /// How long a Bot API call may take. A send that times out after it went out is "may have been sent", never
        /// retried, so this is well above Telegram's usual answer and short enough not to hold a bot's queue.
        /// </summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>Why the settings cannot be used, naming the setting; null when they can.</summary>
    public string? Problem()
    {
        if (!IsHttpUrl(Meta.GraphApiBase)) return "Inbox:Providers:Meta:GraphApiBase must be an absolute http(s) URL.";
        if (!VersionPattern().IsMatch(Meta.GraphApiVersion)) return "Inbox:Providers:Meta:GraphApiVersion must look like v23.0.";
        if (Meta.Timeout <= TimeSpan.Zero || Meta.Timeout > TimeSpan.FromMinutes(5)) return "Inbox:Providers:Meta:Timeout must be more than zero and at most 00:05:00.";
        if (!IsHttpUrl(Telegram.ApiBase)) return "Inbox:Providers:Telegram:ApiBase must be an absolute http(s) URL.";
        if (new Uri(Telegram.ApiBase).AbsolutePath != "/") return "Inbox:Providers:Telegram:ApiBase must be a Bot API server's root, without a path (Telegram.Bot drops one).";
        if (Telegram.Timeout <= TimeSpan.Zero) return "Inbox:Providers:Telegram:Timeout must be positive, such as 00:00:30.";
        foreach (var (name, app) in Meta.Apps)
        {
            if (string.IsNullOrEmpty(app.AppSecret) || string.IsNullOrEmpty(app.VerifyToken))
                return $"Inbox:Providers:Meta:Apps:{name} needs both AppSecret and VerifyToken.";
        }
        return null;
    }

    /// <summary>Refuses the settings at start with the setting at fault named.</summary>
    public sealed class Validator : Microsoft.Extensions.Options.IValidateOptions<ProviderOptions>
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ProviderOptions options) =>
            options.Problem() is { } problem ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem) : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex VersionPattern();
}
