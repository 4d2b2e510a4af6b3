using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>
/// The fake's HTTP face: the Bot API's <c>/bot{token}/{method}</c> (any verb, the method case-insensitive, parameters
/// in the query, a JSON body, a form or a multipart body) and the file server's <c>/file/bot{token}/{path}</c>, under
/// any prefix of any route builder, so it runs as a server of its own in tests (prefix "") and under a path of the
/// app in demo mode. Every answer is the Bot API's envelope, written as Telegram writes JSON.
/// </summary>
public static class TelegramFakeEndpoints
{
    /// <summary>Maps the Bot API under <paramref name="prefix"/>; the server's base URL is then <c>{server}{prefix}</c>.</summary>
    public static IEndpointRouteBuilder MapTelegramFake(this IEndpointRouteBuilder routes, string prefix, TelegramFake fake)
    {
        // Not "bot{token}": routing matches a literal in a segment from the right, and a token may itself contain "bot".
        var root = prefix.TrimEnd('/');
        routes.Map(root + "/{bot}/{method}", (HttpContext context, string bot, string method) =>
            Token(bot) is { } token ? CallAsync(context, fake, token, method) : WriteAsync(context, TelegramFakeAnswer.NotFound));
        routes.MapGet(root + "/file/{bot}/{**path}", (HttpContext context, string bot, string path) =>
            Token(bot) is { } token ? DownloadAsync(context, fake, token, path) : WriteAsync(context, TelegramFakeAnswer.NotFound));
        return routes;
    }

    private static string? Token(string segment) => segment.StartsWith("bot", StringComparison.Ordinal) ? segment[3..] : null;

    private static async Task CallAsync(HttpContext context, TelegramFake fake, string token, string method)
    {
        TelegramFakeCall call;
        try
        {
            call = await ReadAsync(context.Request, method.ToLowerInvariant(), context.RequestAborted);
        }
        catch (Exception error) when (error is JsonException or InvalidDataException or IOException or BadHttpRequestException)
        {
            await WriteAsync(context, TelegramFakeAnswer.BadRequest("can't parse request JSON object"));
            return;
        }
        var answer = await fake.CallAsync(token, call, context.RequestAborted);
        if (answer.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(answer.Delay, fake.Time, context.RequestAborted); }
            catch (OperationCanceledException) { return; } // the caller gave up; the call took effect all the same
        }
        await WriteAsync(context, answer);
    }

    private static async Task DownloadAsync(HttpContext context, TelegramFake fake, string token, string path)
    {
        if (fake.Download(token, path) is not { } file)
        {
            await WriteAsync(context, TelegramFakeAnswer.NotFound);
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Size;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    /// <summary>The query's parameters, then the body's over them, whatever its encoding.</summary>
    private static async Task<TelegramFakeCall> ReadAsync(HttpRequest request, string method, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var uploads = new Dictionary<string, TelegramFakeUpload>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) values[key] = value.ToString();
        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) is not JsonObject body)
                throw new JsonException("The body is not a JSON object.");
            foreach (var (key, value) in body) values[key] = value?.DeepClone();
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form) values[key] = value.ToString();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                uploads[file.Name] = new TelegramFakeUpload(buffer.ToArray(), file.FileName, file.ContentType);
            }
        }
        return new TelegramFakeCall(method, values, uploads);
    }

    private static async Task WriteAsync(HttpContext context, TelegramFakeAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(AsciiJson.Bytes(answer.Body), context.RequestAborted);
    }
}
