namespace Inbox.Web.Webhooks;

/// <summary>
/// A webhook's body as the exact bytes that arrived, since signatures are over them. The body limit
/// (<see cref="WebhooksEndpoints.MaxBody"/>) stops it before it grows past 1 MB.
/// </summary>
public static class RawBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and <= WebhooksEndpoints.MaxBody ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
