using System.Text.Json;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Accounts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Silo.Numbers;
using Inbox.Silo.Queries;
using Inbox.Silo.Storage;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Media;

/// <summary>
/// A message's attachments, opened by whoever may see its conversation: inbound media is fetched through the
/// provider that holds it, with the number's account credentials, on first open and kept in the
/// <see cref="MediaCache"/>; a file the provider no longer has is 410 with the reason. Files uploaded to send
/// are served from the database. Uploading a file to send is <c>POST /brands/{brandId}/media</c>.
/// </summary>
public static class MediaApi
{
    public static RouteGroupBuilder MapMedia(this RouteGroupBuilder api)
    {
        api.MapGet("/messages/{id}/media/{n}", OpenAsync).WithTags("Media")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/brands/{brandId}/media", UploadAsync).WithTags("Media").DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").Produces<Uploaded>(StatusCodes.Status201Created);
        return api;
    }

    private static async Task<IResult> OpenAsync(
        string id, int n, CallerAccessor caller, Rows rows, ConversationQueries queries, IGrainFactory grains,
        IEnumerable<IMediaSourceFactory> sources, UploadedMedia uploads, MediaCache cache, IOptions<MediaOptions> options, CancellationToken cancellationToken)
    {
        var who = await caller.GetAsync();
        var found = (await rows.QueryAsync(
            "SELECT conversation_id, number_key, media, direction FROM messages WHERE id = $1 AND activity IS NULL", [id],
            r => (ConversationId: r.GetString(0), NumberKey: r.GetString(1), Media: r.Text(2), Direction: r.GetString(3)))).FirstOrDefault();
        // A message in a conversation the caller cannot see is answered as if it did not exist.
        if (found.ConversationId is null || await queries.GetAsync(who, found.ConversationId) is null) throw Refuse.NotFound("message", id);
        var media = found.Media is { } json ? JsonSerializer.Deserialize<List<MediaRef>>(json, MessageRows.Json) ?? [] : [];
        if (n < 0 || n >= media.Count)
            throw Refuse.NotFound("media", $"{id}/{n}");
        var reference = media[n];

        if (IOutboundMedia.UploadId(reference.ProviderMediaId) is { } uploadId)
            return await uploads.OpenAsync(uploadId, cancellationToken) is { } upload
                ? Results.File(upload.Content, upload.ContentType, upload.FileName)
                : ApiProblems.Problem(StatusCodes.Status410Gone, "media_gone", "The uploaded file this message sent is no longer kept.");
        if (found.Direction == "outbound" && Uri.TryCreate(reference.ProviderMediaId, UriKind.Absolute, out var link))
            return Results.Redirect(link.ToString()); // the brand sent a link: the file is wherever it points

        if (cache.Find(id, n) is { } cached) return Answer(cached);
        // Requests for the same file at once share one fetch; what they share is bytes or a reason, never an open file.
        var fetched = await cache.OnceAsync(id, n, async () =>
        {
            if (cache.Find(id, n) is { } meanwhile)
            {
                meanwhile.Content?.Dispose();
                return meanwhile with { Content = null };
            }
            var outcome = await FetchAsync(found.NumberKey, reference, grains, sources, options.Value.MaxFileBytes, cancellationToken);
            return outcome switch
            {
                MediaFetch.Found file => cache.Keep(id, n, file.Content, file.ContentType, file.FileName ?? reference.FileName),
                MediaFetch.Gone gone => Remember(cache, id, n, gone.Reason),
                MediaFetch.TooLarge large => Remember(cache, id, n, large.Reason),
                _ => (object)outcome,
            };
        });
        if (fetched is MediaCache.Entry { GoneReason: null, Bytes: null }) fetched = cache.Find(id, n) ?? (object)new MediaFetch.Unavailable("The file was let go from the cache as it was kept; open it again.");
        return fetched switch
        {
            MediaCache.Entry entry => Answer(entry),
            MediaFetch.AuthFailed failed => ApiProblems.Problem(StatusCodes.Status502BadGateway, "media_auth_failed", failed.Reason),
            MediaFetch.Unavailable unavailable => ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "media_unavailable", unavailable.Reason),
            _ => ApiProblems.Problem(StatusCodes.Status502BadGateway, "media_failed", "The provider's answer was not a file."),
        };
    }

    private static MediaCache.Entry Remember(MediaCache cache, string id, int n, string reason)
    {
        cache.KeepGone(id, n, reason);
        return new MediaCache.Entry(null, null, 0, reason);
    }

    private static IResult Answer(MediaCache.Entry entry) => entry.GoneReason is { } reason
        ? ApiProblems.Problem(StatusCodes.Status410Gone, "media_gone", reason)
        : entry.Bytes is { } bytes
            ? Results.File(bytes, entry.ContentType ?? "application/octet-stream", entry.FileName, enableRangeProcessing: true)
            : Results.File(entry.Content!, entry.ContentType ?? "application/octet-stream", entry.FileName, enableRangeProcessing: true);

    /// <summary>The provider account behind the message's number, and its connector's media source.</summary>
    private static async Task<MediaFetch> FetchAsync(
        string numberKey, MediaRef reference, IGrainFactory grains, IEnumerable<IMediaSourceFactory> sources, long maxBytes, CancellationToken cancellationToken)
    {
        var number = await grains.GetGrain<INumberGrain>(numberKey).Get();
        if (number is null) return new MediaFetch.Gone($"{numberKey} is no longer registered, so its provider account cannot be asked for the file.");
        var account = await grains.GetGrain<IProviderAccountGrain>(number.ProviderAccount).Get();
        if (account is null) return new MediaFetch.Gone($"The provider account '{number.ProviderAccount}' of {numberKey} no longer exists.");
        var factory = sources.FirstOrDefault(s => s.Kind == account.Kind);
        if (factory is null) return new MediaFetch.Gone($"Media cannot be fetched through {account.Kind} accounts.");
        try
        {
            return await factory.Create(account).FetchAsync(reference, maxBytes, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            return new MediaFetch.Unavailable($"The provider could not be reached: {error.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MediaFetch.Unavailable("The provider did not answer in time.");
        }
    }

    private static async Task<IResult> UploadAsync(
        string brandId, HttpRequest request, CallerAccessor caller, UploadedMedia uploads, IOptions<MediaOptions> options)
    {
        var who = await caller.GetAsync();
        Visibility.EnsureCanSeeBrand(who, brandId);
        if (!request.HasFormContentType)
            return ApiProblems.Invalid("missing_file", "Send the file as multipart/form-data in a part named 'file'.", "file");
        var max = options.Value.MaxUploadBytes;
        if (request.ContentLength > max + 64 * 1024)
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "file_too_large", $"A file to send may be at most {max / (1 << 20)} MiB.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync();
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "file_too_large", $"A file to send may be at most {max / (1 << 20)} MiB.");
        }
        catch (Exception malformed) when (malformed is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ApiProblems.Invalid("missing_file", $"The multipart body could not be read ({malformed.Message}); send the file in a part named 'file'.", "file");
        }
        var file = form.Files.GetFile("file");
        if (file is null) return ApiProblems.Invalid("missing_file", "Send the file as multipart/form-data in a part named 'file'.", "file");
        if (file.Length == 0) return ApiProblems.Invalid("empty_file", "The file is empty.", "file");
        if (file.Length > max)
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "file_too_large", $"A file to send may be at most {max / (1 << 20)} MiB; this one has {file.Length} bytes.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        var contentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType;
        var fileName = string.IsNullOrWhiteSpace(file.FileName) ? null : Path.GetFileName(file.FileName);
        var stored = await uploads.SaveAsync(brandId, buffer.ToArray(), contentType, fileName, who.AgentId ?? who.Name);
        var uploaded = new Uploaded(stored.Id, IOutboundMedia.Scheme + stored.Id, KindOf(contentType), contentType, file.Length, fileName);
        return Results.Created($"/api/v1/brands/{brandId}/media/{stored.Id}", uploaded);
    }

    /// <summary>The media type a message names, from the file's content type.</summary>
    public static string KindOf(string contentType) => contentType.Split('/')[0].ToLowerInvariant() switch
    {
        "image" => "image",
        "video" => "video",
        "audio" => "audio",
        _ => "document",
    };

    /// <summary>An uploaded file, and what to put in a message's media to send it.</summary>
    public sealed record Uploaded(string Id, string ProviderMediaId, string Type, string MimeType, long Size, string? FileName);
}
