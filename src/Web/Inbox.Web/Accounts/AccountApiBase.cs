namespace Inbox.Web.Accounts;

/// <summary>
/// Where one account's provider API is: its optional <c>apiBase</c> credential (a compatible server, a regional
/// gateway, the demo's in-process fake), else the instance's setting. Not a secret, so it is shown in full.
/// </summary>
public static class AccountApiBase
{
    public const string Field = "apiBase";

    /// <summary>The base to call, or why the account's own one cannot be used (named so an operator can fix it).</summary>
    public static (Uri? Base, string? Problem) Of(IReadOnlyDictionary<string, string> found, string instanceBase, string accountLabel)
    {
        if (!found.TryGetValue(Field, out var own) || string.IsNullOrWhiteSpace(own)) return (new Uri(instanceBase), null);
        return Uri.TryCreate(own.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? (uri, null)
            : (null, $"The '{Field}' of {accountLabel} is not an absolute http(s) URL");
    }
}
