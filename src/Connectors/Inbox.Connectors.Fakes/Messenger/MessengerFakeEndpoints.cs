using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// The fake's HTTP face, under any prefix of any route builder (a server of its own in tests, a path of the app in
/// demo mode): the Send API (<c>POST /{version}/{page-id|me}/messages</c>, a JSON body or form fields with a
/// multipart <c>filedata</c>), the attachment upload API (<c>/message_attachments</c>) and the CDN that serves
/// customers' attachments. Checks run in Graph's order: the path, the token, then the fields.
/// </summary>
public static partial class MessengerFakeEndpoints
{
    /// <summary>Maps the endpoints; the Graph base URL to configure is then <c>{server}{prefix}</c>.</summary>
    public static IEndpointRouteBuilder MapMessengerFake(this IEndpointRouteBuilder routes, string prefix, MessengerFake fake)
    {
        var root = prefix.TrimEnd('/');
        routes.MapPost(root + "/{version}/{id}/messages", (HttpContext context, string version, string id) => SendAsync(context, fake, version, id));
        routes.MapPost(root + "/{version}/{id}/message_attachments", (HttpContext context, string version, string id) => SaveAsync(context, fake, version, id));
        routes.MapGet(root + "/cdn/v/{id}/{name}", (string id) => fake.Serve(id) switch
        {
            ({ } file, _) => Results.File(file.Content, file.ContentType, file.FileName),
            (_, 403) => Results.Text("URL signature expired", "text/plain", statusCode: 403),
            _ => Results.Text("Not Found", "text/plain", statusCode: 404),
        });
        return routes;
    }

    private static async Task SendAsync(HttpContext context, MessengerFake fake, string version, string id)
    {
        var (page, fields, file, refusal) = await ReadAsync(context, fake, version, id);
        if (refusal is not null)
        {
            await ErrorAsync(context, refusal);
            return;
        }
        var (request, invalid) = MessengerFakeRequest.Parse(fields!, file);
        if (request is null)
        {
            await ErrorAsync(context, invalid!);
            return;
        }
        switch (fake.Send(page!, request))
        {
            case MessengerFakeOutcome.Refused refused:
                await ErrorAsync(context, refused.Error);
                break;
            case MessengerFakeOutcome.Sent sent:
                try
                {
                    if (sent.AnswerAfter > TimeSpan.Zero) await Task.Delay(sent.AnswerAfter, context.RequestAborted);
                    var answer = new JsonObject { ["recipient_id"] = sent.Psid };
                    if (sent.Mid is not null) answer["message_id"] = sent.Mid;
                    await context.Response.WriteAsJsonAsync(answer, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The caller gave up waiting; Meta has sent the message all the same.
                }
                finally
                {
                    if (sent.Mid is not null) fake.Report(sent.Mid);
                }
                break;
        }
    }

    private static async Task SaveAsync(HttpContext context, MessengerFake fake, string version, string id)
    {
        var (page, fields, file, refusal) = await ReadAsync(context, fake, version, id);
        if (refusal is not null)
        {
            await ErrorAsync(context, refusal);
            return;
        }
        if (fields!["message"]?["attachment"] is not JsonObject attachment)
        {
            await ErrorAsync(context, MessengerFakeError.Param("The parameter message[attachment] is required"));
            return;
        }
        var (read, invalid) = MessengerFakeRequest.ReadAttachment(attachment, file);
        if (read is null)
        {
            await ErrorAsync(context, invalid!);
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject { ["attachment_id"] = fake.Save(page!, read with { IsReusable = true }) });
    }

    /// <summary>The path and token checked, then the fields read from a JSON body or a form (with its <c>filedata</c>).</summary>
    private static async Task<(string? Page, JsonObject? Fields, MessengerFakeFile? File, MessengerFakeError? Refusal)> ReadAsync(
        HttpContext context, MessengerFake fake, string version, string id)
    {
        var request = context.Request;
        if (!Version().IsMatch(version))
            return (null, null, null, new MessengerFakeError(400, 2500, null, "OAuthException", $"Unknown path components: /{version}/{id}/messages"));
        JsonObject fields;
        MessengerFakeFile? file = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            fields = MessengerFakeRequest.FromForm(form.Select(f => KeyValuePair.Create(f.Key, f.Value.ToString())));
            if (form.Files.GetFile("filedata") is { } upload)
            {
                if (upload.Length > fake.Options.MaxAttachmentBytes)
                    return (null, null, null, new MessengerFakeError(400, 100, 2018047, "OAuthException", "(#100) Upload attachment failure: the file is larger than the allowed limit"));
                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer, context.RequestAborted);
                file = new MessengerFakeFile(buffer.ToArray(), upload.ContentType ?? "application/octet-stream", upload.FileName);
            }
        }
        else
        {
            try { fields = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? []; }
            catch (JsonException) { fields = []; }
        }
        var token = request.Query["access_token"].FirstOrDefault() ?? (fields["access_token"] is JsonValue value && value.TryGetValue<string>(out var inBody) ? inBody : null);
        if (token is null && request.Headers.Authorization.ToString() is { } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            token = authorization["Bearer ".Length..].Trim();
        var (page, refused) = fake.Authenticate(id, token);
        return refused is not null ? (null, null, null, refused) : (page, fields, file, null);
    }

    /// <summary>Graph's error envelope, with a trace id as Meta gives one.</summary>
    private static Task ErrorAsync(HttpContext context, MessengerFakeError error)
    {
        context.Response.StatusCode = error.Status;
        if (error.Code == 190) context.Response.Headers.WWWAuthenticate = $"OAuth \"Facebook Platform\" \"invalid_token\" \"{error.Message}\"";
        var body = new JsonObject { ["message"] = error.Message, ["type"] = error.Type, ["code"] = error.Code };
        if (error.Subcode is { } subcode) body["error_subcode"] = subcode;
        body["fbtrace_id"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).TrimEnd('=');
        return context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = body });
    }

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex Version();
}
