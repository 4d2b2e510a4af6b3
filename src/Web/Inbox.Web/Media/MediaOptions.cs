namespace Inbox.Web.Media;

/// <summary>Bound from "Inbox:Media".</summary>
public sealed class MediaOptions
{
    /// <summary>Where opened inbound media is kept; relative to the content root. Each node keeps its own.</summary>
    public string CacheFolder { get; set; } = Path.Combine("data", "media-cache");

    /// <summary>The most the cache keeps in all; the least recently opened files go first.</summary>
    public long CacheBytes { get; set; } = 1L << 30;

    /// <summary>The largest file fetched from a provider (WhatsApp allows 100 MB documents).</summary>
    public long MaxFileBytes { get; set; } = 100L << 20;

    /// <summary>The largest file an agent may upload to send (WhatsApp's video limit).</summary>
    public long MaxUploadBytes { get; set; } = 16L << 20;
}
