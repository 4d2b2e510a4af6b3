using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inbox.Connectors.Tests.Telegram;

/// <summary>
/// A stand-in for the app's webhook on loopback: records every POST (path, secret header, exact bytes) and answers
/// <see cref="Status"/>. <see cref="Network"/> maps the public https URL a bot registers to it, as a proxy would.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string PublicBase = "https://inbox.example.com";

    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Secret, byte[] Body)> Posts { get; } = new();

    public int Status { get; set; } = 200;

    public Uri Local => new(_app.Urls.Single());

    public Uri Network(Uri url) => url.GetLeftPart(UriPartial.Authority) == PublicBase ? new Uri(Local, url.PathAndQuery) : url;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            receiver.Posts.Enqueue((request.Path, request.Headers["X-Telegram-Bot-Api-Secret-Token"].FirstOrDefault(), buffer.ToArray()));
            return Results.StatusCode(receiver.Status);
        });
        app.MapGet("/media/{name}", (string name) => Results.Bytes("picture-bytes"u8.ToArray(), "image/jpeg"));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
