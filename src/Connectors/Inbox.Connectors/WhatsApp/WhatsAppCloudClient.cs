using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.WhatsApp;

/// <summary>
/// The WhatsApp Cloud API over Graph: messages (text, replies in context, media by link or upload, templates),
/// mark-as-read, media fetches and the business account's templates. A typed client: it takes its
/// <see cref="HttpClient"/> from <c>IHttpClientFactory</c> and the account per call, so one client serves every
/// business account. Every outcome comes back as a value; only the caller's own cancellation is thrown.
/// </summary>
public sealed partial class WhatsAppCloudClient(HttpClient http)
{
    public async Task<SendResult> SendAsync(WhatsAppAccount account, OutboundMessage message, IOutboundMedia? uploads, CancellationToken cancellationToken)
    {
        if (WhatsAppRequests.Problem(message) is { } problem) return new SendResult.Invalid(problem);
        WhatsAppMediaUse? media = null;
        if (message.Template is null && message.Media.Count == 1)
        {
            var (use, failed) = await MediaUseAsync(account, message, uploads, cancellationToken);
            if (failed is not null) return failed;
            media = use;
        }
        var (body, invalid) = WhatsAppRequests.Message(message, media);
        if (invalid is not null) return invalid;
        return await PostMessageAsync(account, message.From, body!, cancellationToken);
    }

    /// <summary>Marks the customer's message read: the two blue ticks on their phone. Never retried by the caller, so a timeout is just a failure.</summary>
    public Task<SendResult> MarkReadAsync(WhatsAppAccount account, string phoneNumberId, string providerMessageId, CancellationToken cancellationToken) =>
        PostMessageAsync(account, phoneNumberId, WhatsAppRequests.MarkRead(providerMessageId), cancellationToken);

    private async Task<SendResult> PostMessageAsync(WhatsAppAccount account, string phoneNumberId, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, account.Graph($"{phoneNumberId}/messages")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            // A mark-as-read answers {"success":true} rather than a message id.
            if (response.IsSuccessStatusCode && IsSuccess(answer)) return new SendResult.Accepted("");
            return WhatsAppAnswer.Map((int)response.StatusCode, answer);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return WhatsAppAnswer.ForFailure(failure, http.Timeout);
        }
    }

    /// <summary>
    /// The attachment as WhatsApp takes it: an https link as it is (Meta fetches it), or a file uploaded to Inbox,
    /// opened and uploaded to the number's <c>/media</c> first. An upload that fails sent nothing, so it is retried freely.
    /// </summary>
    private async Task<(WhatsAppMediaUse? Use, SendResult? Failed)> MediaUseAsync(WhatsAppAccount account, OutboundMessage message, IOutboundMedia? uploads,
        CancellationToken cancellationToken)
    {
        var media = message.Media[0];
        if (IOutboundMedia.UploadId(media.ProviderMediaId) is not { } uploadId)
            return Uri.TryCreate(media.ProviderMediaId, UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps
                ? (WhatsAppMediaUse.ByLink(link.ToString()), null)
                : (null, new SendResult.Invalid($"An attachment to send on WhatsApp is an https link or an upload ({IOutboundMedia.Scheme}…); '{media.ProviderMediaId}' is neither"));
        if (uploads is null) return (null, new SendResult.Invalid("Uploaded files cannot be opened on this instance"));
        if (await uploads.OpenAsync(uploadId, cancellationToken) is not { } file)
            return (null, new SendResult.Invalid($"The uploaded file '{uploadId}' no longer exists"));
        var (id, failed) = await UploadAsync(account, message.From, file, cancellationToken);
        return id is null ? (null, failed) : (WhatsAppMediaUse.ById(id), null);
    }

    /// <summary><c>POST /{phone-number-id}/media</c>, multipart as Meta takes it; the media id, or why not.</summary>
    public async Task<(string? Id, SendResult? Failed)> UploadAsync(WhatsAppAccount account, string phoneNumberId, StoredMedia file, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("whatsapp"), "messaging_product" },
            { new StringContent(file.ContentType), "type" },
        };
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", file.FileName ?? file.Id);
        using var request = new HttpRequestMessage(HttpMethod.Post, account.Graph($"{phoneNumberId}/media")) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode && IdOf(answer) is { } id) return (id, null);
            var mapped = GraphError.Read(answer) is { } error ? WhatsAppAnswer.ForError(error, (int)response.StatusCode)
                : new SendResult.Transient($"WhatsApp answered the media upload with HTTP {(int)response.StatusCode} and no media id");
            return (null, mapped);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // An upload is not a message: a second one at worst leaves a file unused at Meta, so it is always safe to retry.
            return (null, new SendResult.Transient($"The media upload to WhatsApp failed, so nothing was sent: {failure.Message}"));
        }
    }

    private static bool IsSuccess(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.Bool("success");
        }
        catch (JsonException) { return false; }
    }

    private static string? IdOf(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.Str("id") is { Length: > 0 } id ? id : null;
        }
        catch (JsonException) { return null; }
    }
}
