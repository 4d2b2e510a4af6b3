namespace Inbox.Connectors.WhatsApp;

/// <summary>
/// Where and as whom a WhatsApp Business Account is called: the Graph base URL and version (from configuration,
/// so a fake can stand in), the system-user token, and the business account id (for its templates).
/// </summary>
public sealed record WhatsAppAccount(Uri GraphBase, string Version, string AccessToken, string? BusinessAccountId)
{
    /// <summary>A Graph path under the base and version, whether or not the base ends in a slash or has a path of its own.</summary>
    public Uri Graph(string path) => new($"{GraphBase.ToString().TrimEnd('/')}/{Version}/{path.TrimStart('/')}");

    /// <summary>
    /// Whether the token may go to <paramref name="url"/>: https anywhere (Meta's download URLs are on another host
    /// than the Graph), or any scheme on the Graph's own host (a fake on loopback). Never to a plain-http stranger.
    /// </summary>
    public bool MayCarryToken(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || string.Equals(url.Authority, GraphBase.Authority, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"WhatsAppAccount {{ GraphBase = {GraphBase}, Version = {Version}, BusinessAccountId = {BusinessAccountId} }}";
}
