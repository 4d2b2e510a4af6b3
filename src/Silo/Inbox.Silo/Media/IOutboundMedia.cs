namespace Inbox.Silo.Media;

/// <summary>
/// Files uploaded to Inbox to be sent (<c>POST /api/v1/brands/{brandId}/media</c>). A sender that must upload
/// to its provider (WhatsApp <c>/{phone-number-id}/media</c>, Telegram multipart) opens one by the id in
/// <c>inbox-media:{id}</c>.
/// </summary>
public interface IOutboundMedia
{
    public const string Scheme = "inbox-media:";

    /// <summary>The file, or null when no such upload exists.</summary>
    Task<StoredMedia?> OpenAsync(string id, CancellationToken cancellationToken);

    /// <summary>The upload id in a media reference's <c>ProviderMediaId</c>, or null when it is something else (a link).</summary>
    public static string? UploadId(string providerMediaId) =>
        providerMediaId.StartsWith(Scheme, StringComparison.Ordinal) ? providerMediaId[Scheme.Length..] : null;
}

/// <summary>An uploaded file: its bytes, type and name as the agent gave them.</summary>
public sealed record StoredMedia(string Id, string BrandId, byte[] Content, string ContentType, string? FileName);
