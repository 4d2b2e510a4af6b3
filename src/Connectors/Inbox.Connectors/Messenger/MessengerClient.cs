using System.Net.Http.Headers;
using System.Text;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Messenger;

/// <summary>Where the Graph API is (graph.facebook.com or a compatible server such as the fake), which version every call names, and how long a call may take.</summary>
public sealed record MessengerGraph(Uri BaseUri, string Version, TimeSpan Timeout);

/// <summary>One Page as the Send API addresses it: its id in the path, its Page access token as the bearer.</summary>
public sealed record MessengerPage(MessengerGraph Graph, string PageId, string Token)
{
    public Uri Messages => new(new Uri(Graph.BaseUri.ToString().TrimEnd('/') + "/"), $"{Graph.Version}/{Uri.EscapeDataString(PageId)}/messages");
}

/// <summary>
/// Sends through the Messenger Send API: one request per part of a message (a text, or one attachment by link or
/// uploaded as multipart <c>filedata</c>), and sender actions. A typed client of <c>IHttpClientFactory</c>, the Page
/// given per call, so one client serves every Page. The token goes as a bearer header, never in a URL that could
/// be logged. Every outcome, a dropped connection included, comes back as a <see cref="SendResult"/>; only the
/// caller's own cancellation is thrown.
/// </summary>
public sealed class MessengerClient(HttpClient http, TimeProvider time)
{
    /// <summary>Meta's attachment size limit.</summary>
    public const long MaxAttachmentBytes = 25 * 1024 * 1024;

    public async Task<SendResult> SendAsync(MessengerPage page, OutboundMessage message, IOutboundMedia? uploads, CancellationToken cancellationToken)
    {
        if (message.From != page.PageId)
            return new SendResult.NoSender($"The number '{message.From}' is not the Page '{page.PageId}' of this account; register the Page's id as the number");
        var (parts, problem) = MessengerSendRequest.Parts(message);
        if (parts is null) return new SendResult.Invalid(problem!);
        var messaging = MessengerSendRequest.MessagingType(message, time.GetUtcNow());
        string? last = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var result = await SendPartAsync(page, message.To, messaging, parts[i], uploads, cancellationToken);
            if (result is SendResult.Accepted accepted)
            {
                last = accepted.ProviderMessageId;
                continue;
            }
            return i == 0 ? result : Partial(i, parts.Count, result);
        }
        return new SendResult.Accepted(last!);
    }

    /// <summary>A sender action to the person (mark_seen, typing_on); accepted under the person's id, as Meta answers no message id.</summary>
    public Task<SendResult> ActionAsync(MessengerPage page, string psid, string action, CancellationToken cancellationToken) =>
        PostAsync(page, Json(MessengerSendRequest.Action(psid, action)), (status, headers, body) => MessengerAnswer.MapAction(status, headers, body, psid), cancellationToken);

    private async Task<SendResult> SendPartAsync(MessengerPage page, string psid, (string Type, string? Tag) messaging, MessengerSendRequest.Part part,
        IOutboundMedia? uploads, CancellationToken cancellationToken)
    {
        if (part is not MessengerSendRequest.Part.Upload upload)
            return await PostAsync(page, Json(MessengerSendRequest.Body(psid, messaging, part)), MessengerAnswer.Map, cancellationToken);
        if (uploads is null) return new SendResult.Invalid("Uploaded media cannot be sent: this instance keeps no uploads");
        var file = await uploads.OpenAsync(upload.UploadId, cancellationToken);
        if (file is null) return new SendResult.Invalid($"The upload '{upload.UploadId}' no longer exists");
        if (file.Content.LongLength > MaxAttachmentBytes)
            return new SendResult.Invalid($"The upload '{upload.UploadId}' has {file.Content.LongLength} bytes; Messenger takes at most {MaxAttachmentBytes}");
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in MessengerSendRequest.UploadFields(psid, messaging, upload.Type)) form.Add(new StringContent(value, Encoding.UTF8), name);
        var content = new ByteArrayContent(file.Content);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "filedata", file.FileName ?? $"{upload.UploadId}.{upload.Type}");
        return await PostAsync(page, form, MessengerAnswer.Map, cancellationToken);
    }

    private delegate SendResult Mapping(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body);

    private async Task<SendResult> PostAsync(MessengerPage page, HttpContent content, Mapping map, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, page.Messages) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", page.Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(page.Graph.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return map((int)response.StatusCode, response.Headers, answer);
        }
        catch (Exception error) when (error is HttpRequestException or IOException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return MessengerAnswer.Unanswered(error);
        }
    }

    /// <summary>
    /// A later part failed after earlier ones went out: whatever it was, the message is not retried (that would send the
    /// earlier parts again), and the reason says how much arrived.
    /// </summary>
    public static SendResult Partial(int sent, int total, SendResult failure) => failure switch
    {
        SendResult.MaybeSent maybe => new SendResult.MaybeSent($"{sent} of {total} parts went out, and then: {maybe.Reason}"),
        _ => new SendResult.Undeliverable(ProviderCode(failure), $"Only {sent} of {total} parts went out; the rest was not sent: {Reason(failure)}"),
    };

    private static string? ProviderCode(SendResult result) => result switch
    {
        SendResult.RateLimited r => r.ProviderCode,
        SendResult.WindowClosed r => r.ProviderCode,
        SendResult.RecipientBlocked r => r.ProviderCode,
        SendResult.Undeliverable r => r.ProviderCode,
        SendResult.Invalid r => r.ProviderCode,
        SendResult.AuthFailed r => r.ProviderCode,
        _ => null,
    };

    private static string Reason(SendResult result) => result switch
    {
        SendResult.RateLimited r => $"rate limited for {r.RetryAfter.TotalSeconds:0} s",
        SendResult.WindowClosed r => r.Reason,
        SendResult.RecipientBlocked r => r.Reason,
        SendResult.Undeliverable r => r.Reason,
        SendResult.Invalid r => r.Reason,
        SendResult.AuthFailed r => r.Reason,
        SendResult.Transient r => r.Reason,
        SendResult.NoSender r => r.Reason,
        _ => result.ToString(),
    };

    private static StringContent Json(System.Text.Json.Nodes.JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
