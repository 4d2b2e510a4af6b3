using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>A file the fake keeps: uploaded by a business for sending, or sent by a customer; <see cref="Owner"/> is the phone number id.</summary>
public sealed record WhatsAppFakeMedia(string Id, string Owner, byte[] Content, string MimeType, string? FileName, DateTimeOffset StoredAt)
{
    public string Sha256 => Convert.ToBase64String(SHA256.HashData(Content));
}

/// <summary>What <c>GET /{media-id}</c> answers: where to download the file for the next few minutes, and what it is.</summary>
public sealed record WhatsAppFakeMediaInfo(WhatsAppFakeMedia Media, string Url);

public sealed partial class WhatsAppFake
{
    /// <summary>The types Meta takes for each kind of media, with its size cap.</summary>
    private static readonly (string Prefix, long MaxBytes)[] Supported =
    [
        ("image/jpeg", 5 << 20), ("image/png", 5 << 20), ("image/webp", 500 << 10),
        ("video/mp4", 16 << 20), ("video/3gpp", 16 << 20),
        ("audio/aac", 16 << 20), ("audio/amr", 16 << 20), ("audio/mpeg", 16 << 20), ("audio/mp4", 16 << 20), ("audio/ogg", 16 << 20),
        ("text/plain", 100 << 20), ("application/pdf", 100 << 20), ("application/msword", 100 << 20), ("application/vnd.ms-excel", 100 << 20),
        ("application/vnd.ms-powerpoint", 100 << 20), ("application/vnd.openxmlformats-officedocument.", 100 << 20),
    ];

    private readonly Dictionary<string, WhatsAppFakeMedia> _media = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expired = new(StringComparer.Ordinal);
    private readonly byte[] _urlKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>Every file kept, uploads and customers' media alike.</summary>
    public IReadOnlyList<WhatsAppFakeMedia> Media { get { lock (_gate) return [.. _media.Values]; } }

    /// <summary>The file is gone from Meta's side, as after its 30 days: its id and URLs stop working.</summary>
    public void ExpireMedia(string mediaId) { lock (_gate) _expired.Add(mediaId); }

    /// <summary>A business's upload to <c>/{phone-number-id}/media</c>: its id, or Meta's refusal of the type or size.</summary>
    public (string? Id, WhatsAppFakeError? Error) Upload(string number, byte[] content, string mimeType, string? fileName)
    {
        var type = mimeType.Split(';')[0].Trim().ToLowerInvariant();
        var supported = Supported.FirstOrDefault(s => type == s.Prefix || (s.Prefix.EndsWith('.') && type.StartsWith(s.Prefix, StringComparison.Ordinal)));
        if (supported.Prefix is null)
            return (null, WhatsAppFakeError.Of(131053, "Media upload error", $"Unsupported file type {mimeType}."));
        if (content.Length == 0 || content.LongLength > supported.MaxBytes)
            return (null, WhatsAppFakeError.Of(131053, "Media upload error", $"The file is {content.Length} bytes; {type} takes 1 to {supported.MaxBytes} bytes."));
        return (Keep(number, content, mimeType, fileName).Id, null);
    }

    private WhatsAppFakeMedia Keep(string number, byte[] content, string mimeType, string? fileName)
    {
        lock (_gate)
        {
            string id;
            do id = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture)
                    + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
            while (_media.ContainsKey(id));
            var media = new WhatsAppFakeMedia(id, number, content, mimeType, fileName, Time.GetUtcNow());
            _media[id] = media;
            return media;
        }
    }

    /// <summary>
    /// <c>GET /{media-id}</c>: a fresh download URL under <paramref name="downloadBase"/> for a file the token's business
    /// may see; an unknown or expired id is Graph's "does not exist" refusal, as Meta answers once a file is deleted.
    /// </summary>
    public (WhatsAppFakeMediaInfo? Info, WhatsAppFakeError? Error) MediaInfo(string mediaId, string? authorization, string? phoneNumberId, string downloadBase)
    {
        WhatsAppFakeMedia? media;
        lock (_gate) media = Usable(mediaId, Time.GetUtcNow());
        if (media is null) return (null, Authorize(authorization, Options.Numbers[0].PhoneNumberId, "get") is { Code: 190 } noToken ? noToken : WhatsAppFakeError.NoObject(mediaId, "get"));
        if (Authorize(authorization, media.Owner, "get") is { } refused) return (null, refused.Code == 190 ? refused : WhatsAppFakeError.NoObject(mediaId, "get"));
        if (phoneNumberId is not null && phoneNumberId != media.Owner) return (null, WhatsAppFakeError.NoObject(mediaId, "get"));
        var ext = Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (new WhatsAppFakeMediaInfo(media, $"{downloadBase}/whatsapp_business/attachments/?mid={mediaId}&ext={ext}&hash={UrlHash(mediaId, ext)}"), null);
    }

    /// <summary>The download URL's answer: the bytes, or 401 without a token that may see the file, 404 for a stale, forged or expired one.</summary>
    public (WhatsAppFakeMedia? Media, int Status) Download(string? mediaId, string? ext, string? hash, string? authorization)
    {
        if (mediaId is null || ext is null || hash is null || !long.TryParse(ext, NumberStyles.None, CultureInfo.InvariantCulture, out var issued)) return (null, 404);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(UrlHash(mediaId, ext)))) return (null, 404);
        var now = Time.GetUtcNow();
        WhatsAppFakeMedia? media;
        lock (_gate) media = Usable(mediaId, now);
        if (media is null) return (null, 404);
        if (Authorize(authorization, media.Owner, "get") is not null) return (null, 401);
        if (now - DateTimeOffset.FromUnixTimeSeconds(issued) > Options.DownloadUrlLifetime) return (null, 404);
        Interlocked.Increment(ref _mediaDownloads);
        return (media, 200);
    }

    private int _mediaDownloads;

    /// <summary>Files handed out by the download URL so far: how a test tells a cache hit from a second fetch.</summary>
    public int MediaDownloads => Volatile.Read(ref _mediaDownloads);

    private bool MediaUsable(string number, string mediaId, DateTimeOffset now) =>
        Usable(mediaId, now) is { } media && NumberOf(media.Owner).BusinessAccountId == NumberOf(number).BusinessAccountId;

    private WhatsAppFakeMedia? Usable(string mediaId, DateTimeOffset now) =>
        _media.TryGetValue(mediaId, out var media) && !_expired.Contains(mediaId) && now - media.StoredAt < Options.MediaLifetime ? media : null;

    private string UrlHash(string mediaId, string ext) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_urlKey, Encoding.ASCII.GetBytes($"{mediaId}:{ext}")))[..32];
}
