using Inbox.Connectors.Messenger;
using Inbox.Connectors.Meta;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Inbound;
using Inbox.Web.Api;

namespace Inbox.Web.Webhooks;

/// <summary>
/// /webhooks/whatsapp and /webhooks/messenger, the callback URLs given to a Meta app. The same app
/// serves both, and one app may serve numbers and Pages of several brands: a body is accepted when
/// any known app signed it, and each event routes on its own number or Page, provided that app serves it
/// (<see cref="MetaOwners"/>).
/// </summary>
public static partial class MetaWebhooks
{
    public static RouteGroupBuilder MapMetaWebhooks(this RouteGroupBuilder webhooks)
    {
        Map(webhooks, "/whatsapp", "WhatsApp", (body, _) => WhatsAppWebhook.Parse(body));
        Map(webhooks, "/messenger", "Messenger", (body, app) => MessengerWebhook.Parse(body, app.AppId));
        return webhooks;
    }

    private static void Map(RouteGroupBuilder webhooks, string path, string provider, Func<ReadOnlyMemory<byte>, MetaApp, MetaPayload> parse)
    {
        // Meta's subscription handshake: the challenge back as plain text for a token one of our apps holds.
        webhooks.MapGet(path, async (HttpRequest request, MetaApps apps) =>
            request.Query["hub.mode"] == "subscribe" && await apps.HasVerifyTokenAsync(request.Query["hub.verify_token"])
                ? Results.Text(request.Query["hub.challenge"].ToString(), "text/plain")
                : ApiProblems.Problem(StatusCodes.Status403Forbidden, "bad_verify_token", "hub.mode must be subscribe and hub.verify_token a Meta app's verify token."))
            .AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/plain").WithTags("Webhooks")
            .WithSummary($"{provider} subscription handshake: hub.challenge echoed for a Meta app's hub.verify_token.");

        webhooks.MapPost(path, async (HttpRequest request, MetaApps apps, MetaOwners owners, InboundProcessor inbound, UnroutedInbox unrouted, ILoggerFactory logs,
            CancellationToken cancellationToken) =>
        {
            var body = await RawBody.ReadAsync(request, cancellationToken);
            // Nothing is parsed, logged from the body or stored before the signature holds.
            if (await apps.SignerAsync(body, request.Headers[MetaSignature.Header]) is not { } signer)
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "bad_signature", $"{MetaSignature.Header} is missing, malformed or not a known Meta app's signature of this body.");
            MetaPayload payload;
            try
            {
                payload = parse(body, signer);
            }
            catch (MalformedPayloadException malformed)
            {
                return ApiProblems.Invalid("malformed_payload", malformed.Message, ApiProblems.Body);
            }
            var log = logs.CreateLogger("Inbox.Web.Webhooks.MetaWebhooks");
            foreach (var item in payload.Ignored) LogIgnored(log, provider, item);
            var results = new List<InboundResult>(payload.Events.Count);
            foreach (var item in payload.Events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A number or Page another app serves is kept aside, like an unregistered one: answered 2xx, never routed.
                if (await owners.RefusalAsync(signer, item) is { } reason)
                {
                    await unrouted.RecordAsync(item, MetaOwners.NotTheAppsCode, reason);
                    results.Add(new InboundResult(InboundOutcome.Unrouted, MetaOwners.NotTheAppsCode, reason));
                }
                else
                {
                    results.Add(await inbound.ProcessAsync(item));
                }
            }
            return Results.Ok(new WebhookAnswer(results, payload.Ignored));
        }).AllowAnonymous().Produces<WebhookAnswer>().WithTags("Webhooks").WithSummary($"{provider} webhook, signed with X-Hub-Signature-256 by a configured Meta app.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} webhook: acknowledged and ignored {Item}")]
    private static partial void LogIgnored(ILogger logger, string provider, string item);
}
