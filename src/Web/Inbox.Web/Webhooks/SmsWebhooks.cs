using Inbox.Connectors;
using Inbox.Connectors.Sms;
using Inbox.Silo;
using Inbox.Silo.Accounts;
using Inbox.Silo.Inbound;
using Inbox.Web.Api;

namespace Inbox.Web.Webhooks;

/// <summary>
/// /webhooks/sms, the endpoint of an ACS resource's Event Grid subscription (Event Grid schema). Event Grid does not sign
/// what it delivers, so the subscription's URL carries a secret (?secret=…, or the X-Inbox-Secret header as a custom
/// delivery property) which must be the eventGridSecret or eventGridSecretNext of some ACS resource account: both are
/// accepted so a rotation never drops a delivery. One URL serves every resource; each event routes on its own number.
/// Event Grid drops a delivery answered 400, 401 or 413 without retrying it, so those are kept for what can never
/// succeed (a wrong secret, unreadable JSON, a body over the limit); a fault of ours is 503, which it retries.
/// </summary>
public static partial class SmsWebhooks
{
    /// <summary>The header that may carry the secret instead of the query string (an Event Grid custom delivery property).</summary>
    public const string SecretHeader = "X-Inbox-Secret";

    /// <summary>The query parameter that may carry the secret, in the subscription's endpoint URL.</summary>
    public const string SecretParameter = "secret";

    public static RouteGroupBuilder MapSmsWebhooks(this RouteGroupBuilder webhooks)
    {
        webhooks.MapPost("/sms", async (HttpRequest request, WebhookAccounts accounts, InboundProcessor inbound, ILoggerFactory logs, CancellationToken cancellationToken) =>
        {
            var log = logs.CreateLogger("Inbox.Web.Webhooks.SmsWebhooks");
            try
            {
                if (await ResourceAsync(accounts, Secret(request)) is null)
                    return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "bad_secret",
                        $"The {SecretParameter} query parameter or the {SecretHeader} header is missing or is not an ACS resource's Event Grid secret.");
                var body = await RawBody.ReadAsync(request, cancellationToken);
                switch (AcsSmsEvents.Parse(BinaryData.FromBytes(body)))
                {
                    case WebhookParse.Handshake handshake:
                        return Results.Ok(new ValidationAnswer(handshake.ValidationCode));
                    case WebhookParse.Malformed malformed:
                        // Dropped by Event Grid for good: only for a body no later delivery could make readable.
                        LogMalformed(log, malformed.Reason);
                        return ApiProblems.Invalid("malformed_payload", malformed.Reason, ApiProblems.Body);
                    case WebhookParse.Parsed payload:
                        foreach (var item in payload.Ignored) LogIgnored(log, item);
                        var results = await inbound.ProcessAsync(payload.Events, cancellationToken);
                        return Results.Ok(new WebhookAnswer(results, payload.Ignored));
                    default:
                        throw new InvalidOperationException("An Event Grid delivery parsed as nothing known.");
                }
            }
            catch (Exception fault) when (fault is not (DomainException or BadHttpRequestException) && !cancellationToken.IsCancellationRequested)
            {
                // The store or a grain failed: nothing is acknowledged, and 503 makes Event Grid deliver it again.
                LogFault(log, fault);
                return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "Inbox could not take the delivery now; Event Grid will deliver it again.");
            }
        }).AllowAnonymous().Produces<WebhookAnswer>().Produces<ValidationAnswer>().WithTags("Webhooks")
            .WithSummary("ACS SMS through Event Grid (Event Grid schema): the validation handshake, SMSReceived and SMSDeliveryReportReceived, with ?secret= or X-Inbox-Secret.");
        return webhooks;
    }

    /// <summary>The secret as presented: the header when it is there, the query parameter otherwise.</summary>
    private static string? Secret(HttpRequest request) =>
        request.Headers[SecretHeader].ToString() is { Length: > 0 } header ? header : request.Query[SecretParameter].ToString();

    /// <summary>The ACS resource account with this Event Grid secret, current or next, or null.</summary>
    public static Task<WebhookAccount?> ResourceAsync(WebhookAccounts accounts, string? given) =>
        string.IsNullOrEmpty(given)
            ? Task.FromResult<WebhookAccount?>(null)
            : accounts.FindAsync(ProviderAccountKind.AcsResource, a => a.Holds("eventGridSecret", given) | a.Holds("eventGridSecretNext", given));

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS webhook: acknowledged and ignored {Item}")]
    private static partial void LogIgnored(ILogger logger, string item);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS webhook: refused an unreadable Event Grid delivery, which Event Grid drops: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS webhook: the delivery could not be taken and is answered 503 for Event Grid to retry")]
    private static partial void LogFault(ILogger logger, Exception fault);
}

/// <summary>The answer to Event Grid's subscription validation event.</summary>
public sealed record ValidationAnswer(string ValidationResponse);
