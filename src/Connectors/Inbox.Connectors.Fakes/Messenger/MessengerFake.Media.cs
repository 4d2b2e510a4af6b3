using System.Globalization;

namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// Files on the fake's side: attachments a Page saved through the attachment upload API (reused by
/// <c>attachment_id</c>), and the CDN that serves a customer's attachments under signed URLs that expire, as
/// Meta's <c>fbcdn</c> and <c>fbsbx</c> links do (403 once expired, 404 for what never was).
/// </summary>
public sealed partial class MessengerFake
{
    private readonly Dictionary<string, (string Page, MessengerFakeAttachment Attachment)> _saved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CdnFile> _cdn = new(StringComparer.Ordinal);
    private long _nextAttachmentId = 1857777774821000;

    /// <summary>A file the fake's CDN serves until it expires.</summary>
    public sealed record CdnFile(byte[] Content, string ContentType, string FileName, DateTimeOffset ExpiresAt);

    /// <summary>Where the fake is served (its server's address and prefix); CDN URLs are made under it.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>Saves an attachment for the Page and returns its id, as <c>POST /{page-id}/message_attachments</c> does.</summary>
    public string Save(string page, MessengerFakeAttachment attachment)
    {
        lock (_gate)
        {
            var id = (_nextAttachmentId++).ToString(CultureInfo.InvariantCulture);
            _saved[id] = (page, attachment);
            return id;
        }
    }

    /// <summary>A saved attachment by its id, as the Page that saved it sees it.</summary>
    public MessengerFakeAttachment? Saved(string id)
    {
        lock (_gate) return _saved.TryGetValue(id, out var saved) ? saved.Attachment : null;
    }

    private bool HasAttachment(string page, string id) => _saved.TryGetValue(id, out var saved) && saved.Page == page;

    /// <summary>Puts a file on the CDN (a customer's photo, say) for <paramref name="lifetime"/> (an hour unless told) and returns its URL.</summary>
    public Uri Host(byte[] content, string contentType, string fileName, TimeSpan? lifetime = null)
    {
        var baseUri = BaseUri ?? throw new InvalidOperationException("The fake is not served anywhere yet (BaseUri).");
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var expires = time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1));
        lock (_gate) _cdn[id] = new CdnFile(content, contentType, fileName, expires);
        var oe = expires.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture);
        return new Uri(baseUri, $"cdn/v/{id}/{Uri.EscapeDataString(fileName)}?_nc_cat=1&oh=00_{id[..8]}&oe={oe}");
    }

    /// <summary>The URL's file stops being served from now on, as a CDN link does when its signature runs out.</summary>
    public void Expire(Uri url)
    {
        var id = url.Segments.Length > 3 ? url.Segments[^2].TrimEnd('/') : "";
        lock (_gate)
            if (_cdn.TryGetValue(id, out var file)) _cdn[id] = file with { ExpiresAt = time.GetUtcNow() - TimeSpan.FromSeconds(1) };
    }

    /// <summary>The file under a CDN id, or the status the CDN answers instead (403 expired, 404 unknown).</summary>
    public (CdnFile? File, int Status) Serve(string id)
    {
        lock (_gate)
        {
            if (!_cdn.TryGetValue(id, out var file)) return (null, 404);
            return time.GetUtcNow() >= file.ExpiresAt ? (null, 403) : (file, 200);
        }
    }
}
