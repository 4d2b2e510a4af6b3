using Inbox.Silo.Storage;

namespace Inbox.Silo.Media;

/// <summary>
/// Files uploaded to be sent, kept in the database (every node's outbox opens them, and they are backed up
/// with the messages that name them). A brand's message may name only its own uploads.
/// </summary>
public sealed class UploadedMedia(Rows rows, StateStore store, AppClock clock) : IOutboundMedia
{
    public async Task<StoredMedia> SaveAsync(string brandId, byte[] content, string contentType, string? fileName, string? uploadedBy)
    {
        var media = new StoredMedia(Ids.New("med"), brandId, content, contentType, fileName);
        await store.CommitAsync([new SqlWrite(
            "INSERT INTO media_uploads (id, brand_id, content_type, file_name, size, content, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            media.Id, brandId, contentType, SqlValue.Of(fileName), (long)content.Length, content, SqlValue.Of(uploadedBy), clock.GetUtcNow().ToUnixTimeMilliseconds())]);
        return media;
    }

    public async Task<StoredMedia?> OpenAsync(string id, CancellationToken cancellationToken) => (await rows.QueryAsync(
        "SELECT id, brand_id, content, content_type, file_name FROM media_uploads WHERE id = $1", [id],
        r => new StoredMedia(r.GetString(0), r.GetString(1), r.GetFieldValue<byte[]>(2), r.GetString(3), r.Text(4)))).FirstOrDefault();

    /// <summary>The uploads among <paramref name="ids"/> that are not the brand's (or do not exist).</summary>
    public async Task<IReadOnlyList<string>> NotOwnedAsync(string brandId, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) return [];
        var sql = new Queries.Sql();
        var list = sql.In(ids);
        var owned = await rows.QueryAsync($"SELECT id FROM media_uploads WHERE brand_id = {sql.Param(brandId)} AND id IN ({list})", sql.Args, r => r.GetString(0));
        return ids.Except(owned, StringComparer.Ordinal).ToArray();
    }
}
