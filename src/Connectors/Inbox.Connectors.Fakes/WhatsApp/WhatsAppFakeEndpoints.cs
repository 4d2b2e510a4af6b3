using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// The fake's HTTP face: the Graph paths of the Cloud API under any prefix of any route builder, so it runs as a
/// server of its own in tests (prefix "") and under a path of the app in demo mode. As on Graph, the version and
/// the token are checked before the body is read, and every refusal is Graph's error envelope.
/// </summary>
public static partial class WhatsAppFakeEndpoints
{
    public const int DefaultTemplatePage = 25;

    /// <summary>
    /// Maps the Cloud API under <paramref name="prefix"/>; the Graph base URL is then <c>{server}{prefix}</c> and
    /// every path names a version (<c>/v23.0/…</c>), as on graph.facebook.com.
    /// </summary>
    public static IEndpointRouteBuilder MapWhatsAppFake(this IEndpointRouteBuilder routes, string prefix, WhatsAppFake fake)
    {
        var at = prefix.TrimEnd('/');
        routes.MapPost(at + "/{version}/{phoneNumberId}/messages", (HttpContext c, string version, string phoneNumberId) => MessagesAsync(c, fake, version, phoneNumberId));
        routes.MapPost(at + "/{version}/{phoneNumberId}/media", (HttpContext c, string version, string phoneNumberId) => UploadAsync(c, fake, version, phoneNumberId));
        routes.MapGet(at + "/{version}/{businessAccountId}/message_templates", (HttpContext c, string version, string businessAccountId) => TemplatesAsync(c, fake, version, businessAccountId, at));
        routes.MapGet(at + "/whatsapp_business/attachments", (HttpContext c) => DownloadAsync(c, fake));
        routes.MapGet(at + "/{version}/{mediaId}", (HttpContext c, string version, string mediaId) => MediaInfoAsync(c, fake, version, mediaId, at));
        return routes;
    }

    private static async Task MessagesAsync(HttpContext context, WhatsAppFake fake, string version, string number)
    {
        if (Refusal(context, fake, version, number, "post") is { } refused)
        {
            fake.CountRequest();
            await ErrorAsync(context, refused);
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var (request, invalid) = WhatsAppFakeRequest.Parse(buffer.ToArray());
        if (request is null)
        {
            fake.CountRequest();
            await ErrorAsync(context, invalid!);
            return;
        }
        switch (fake.Send(number, request))
        {
            case WhatsAppFakeOutcome.Accepted accepted:
                var message = new JsonObject { ["id"] = accepted.Message.Id };
                if (accepted.Message.Template is not null) message["message_status"] = "accepted";
                await WriteAsync(context, 200, new JsonObject
                {
                    ["messaging_product"] = "whatsapp",
                    ["contacts"] = new JsonArray(new JsonObject { ["input"] = accepted.Input, ["wa_id"] = accepted.Message.WaId }),
                    ["messages"] = new JsonArray(message),
                });
                break;
            case WhatsAppFakeOutcome.Read:
                await WriteAsync(context, 200, new JsonObject { ["success"] = true });
                break;
            case WhatsAppFakeOutcome.Refused no:
                await ErrorAsync(context, no.Error);
                break;
            case WhatsAppFakeOutcome.Stalled:
                try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
                catch (OperationCanceledException) { } // the caller gave up, as it should
                break;
            case WhatsAppFakeOutcome.Dropped:
                context.Abort();
                break;
        }
    }

    private static async Task UploadAsync(HttpContext context, WhatsAppFake fake, string version, string number)
    {
        if (Refusal(context, fake, version, number, "post") is { } refused)
        {
            await ErrorAsync(context, refused);
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, new WhatsAppFakeError(400, 100, "(#100) The parameter file is required."));
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["messaging_product"].ToString() != "whatsapp")
        {
            await ErrorAsync(context, new WhatsAppFakeError(400, 100, "(#100) The parameter messaging_product is required."));
            return;
        }
        if (form.Files.GetFile("file") is not { } file)
        {
            await ErrorAsync(context, new WhatsAppFakeError(400, 100, "(#100) The parameter file is required."));
            return;
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content, context.RequestAborted);
        var type = form["type"].ToString() is { Length: > 0 } given ? given : file.ContentType ?? "";
        var (id, error) = fake.Upload(number, content.ToArray(), type, file.FileName);
        if (error is not null) await ErrorAsync(context, error);
        else await WriteAsync(context, 200, new JsonObject { ["id"] = id });
    }

    private static async Task MediaInfoAsync(HttpContext context, WhatsAppFake fake, string version, string mediaId, string prefix)
    {
        if (VersionRefusal(version) is { } badVersion)
        {
            await ErrorAsync(context, badVersion);
            return;
        }
        var phoneNumberId = context.Request.Query["phone_number_id"].ToString() is { Length: > 0 } p ? p : null;
        var (info, error) = fake.MediaInfo(mediaId, Authorization(context), phoneNumberId, Base(context, prefix));
        if (info is null)
        {
            await ErrorAsync(context, error!);
            return;
        }
        await WriteAsync(context, 200, new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["url"] = info.Url,
            ["mime_type"] = info.Media.MimeType,
            ["sha256"] = info.Media.Sha256,
            ["file_size"] = info.Media.Content.Length,
            ["id"] = info.Media.Id,
        });
    }

    private static async Task DownloadAsync(HttpContext context, WhatsAppFake fake)
    {
        var query = context.Request.Query;
        var (media, status) = fake.Download(query["mid"].FirstOrDefault(), query["ext"].FirstOrDefault(), query["hash"].FirstOrDefault(), Authorization(context));
        context.Response.StatusCode = status;
        if (media is null) return;
        context.Response.ContentType = media.MimeType;
        context.Response.ContentLength = media.Content.Length;
        await context.Response.Body.WriteAsync(media.Content, context.RequestAborted);
    }

    private static async Task TemplatesAsync(HttpContext context, WhatsAppFake fake, string version, string account, string prefix)
    {
        if (Refusal(context, fake, version, account, "get") is { } refused)
        {
            await ErrorAsync(context, refused);
            return;
        }
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 100) : DefaultTemplatePage;
        var start = query["after"].ToString() is { Length: > 0 } after && Cursor(after) is { } index ? index : 0;
        var all = fake.Options.Templates.Where(t => t.BusinessAccountId == account).ToList();
        var page = all.Skip(start).Take(limit).ToList();
        var data = new JsonArray();
        foreach (var t in page)
        {
            data.Add(new JsonObject
            {
                ["name"] = t.Name,
                ["components"] = new JsonArray(new JsonObject { ["type"] = "BODY", ["text"] = t.Body }),
                ["language"] = t.Language,
                ["status"] = t.Status,
                ["category"] = t.Category,
                ["id"] = TemplateId(t),
            });
        }
        var answer = new JsonObject { ["data"] = data };
        if (page.Count > 0)
        {
            var paging = new JsonObject { ["cursors"] = new JsonObject { ["before"] = CursorOf(start), ["after"] = CursorOf(start + page.Count - 1 + 1) } };
            if (start + page.Count < all.Count)
                paging["next"] = $"{Base(context, prefix)}/{version}/{account}/message_templates?limit={limit}&after={CursorOf(start + page.Count)}";
            answer["paging"] = paging;
        }
        await WriteAsync(context, 200, answer);
    }

    /// <summary>Graph's order of checks: a path version it serves, then a token that may act on the object.</summary>
    private static WhatsAppFakeError? Refusal(HttpContext context, WhatsAppFake fake, string version, string objectId, string method) =>
        VersionRefusal(version) ?? fake.Authorize(Authorization(context), objectId, method);

    private static WhatsAppFakeError? VersionRefusal(string version) =>
        VersionPattern().IsMatch(version) ? null : new WhatsAppFakeError(400, 2500, $"Unknown path components: /{version}");

    private static string? Authorization(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { Length: > 0 } value ? value : null;

    private static string Base(HttpContext context, string prefix) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{prefix}";

    private static string CursorOf(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes(index.ToString(CultureInfo.InvariantCulture)));

    private static int? Cursor(string cursor)
    {
        try { return int.Parse(Encoding.ASCII.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture); }
        catch (FormatException) { return null; }
    }

    private static string TemplateId(WhatsAppFakeTemplate template) =>
        "1" + (BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{template.BusinessAccountId}/{template.Name}/{template.Language}")), 0) % 1_000_000_000_000_000UL)
            .ToString("D15", CultureInfo.InvariantCulture);

    private static Task ErrorAsync(HttpContext context, WhatsAppFakeError error)
    {
        if (error.Code == 190) context.Response.Headers.WWWAuthenticate = $"OAuth \"Facebook Platform\" \"invalid_token\" \"{error.Message}\"";
        return WriteBytesAsync(context, error.HttpStatus, WhatsAppFakeJson.Error(error));
    }

    private static Task WriteAsync(HttpContext context, int status, JsonNode body) => WriteBytesAsync(context, status, WhatsAppFakeJson.Bytes(body));

    private static async Task WriteBytesAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex VersionPattern();
}
