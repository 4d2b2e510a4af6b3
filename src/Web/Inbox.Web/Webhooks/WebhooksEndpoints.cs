using Inbox.Silo;
using Inbox.Silo.Inbound;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Http.Features;

namespace Inbox.Web.Webhooks;

public static class WebhooksEndpoints
{
    /// <summary>The largest webhook body accepted; larger ones get 413 before they are read.</summary>
    public const long MaxBody = 1024 * 1024;

    /// <summary>What the provider webhooks need: the Meta apps whose signatures they accept, the bots and ACS resources whose secrets they accept.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services) => services.AddSingleton<MetaApps>().AddSingleton<MetaOwners>().AddSingleton<WebhookAccounts>()
        .AddSingleton<TelegramCallbackAnswers>()
        // Not logged: the Bot API's URLs carry the bot token.
        .AddHttpClient(TelegramWebhookRegistration.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers().Services;

    /// <summary>Bodies over <see cref="MaxBody"/> on /webhooks get 413 (before binding reads them).</summary>
    public static WebApplication UseWebhookBodyLimit(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/webhooks"), webhooks => webhooks.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBody)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                    detail: $"Webhook bodies are limited to {MaxBody / 1024} KiB.").ExecuteAsync(context);
                return;
            }
            // A body without a length is cut off at the same size while it is read (Kestrel answers 413).
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBody;
            await next(context);
        }));
        return app;
    }

    /// <summary>
    /// /webhooks: provider callbacks (the connectors add theirs here) and /webhooks/events, which takes
    /// normalized inbound events from the owner's own integrations. Each answers 2xx only after
    /// everything it carried is committed or kept in unrouted; an event the rules refuse gets its own
    /// outcome and reason and never fails the batch.
    /// </summary>
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.MapGroup("/webhooks").DisableAntiforgery().AnswerRefusalsAsProblems();
        webhooks.MapPost("/events", async (IReadOnlyList<InboundEvent> batch, CallerAccessor caller, InboundProcessor inbound) =>
        {
            if (!(await caller.GetAsync()).IsOwner) throw Refuse.Forbidden("Normalized events are accepted from the owner key only.");
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i] is null) throw Refuse.Invalid("missing_event", $"Event {i} is null: each element is an inbound event object.", $"[{i}]");
            }
            var results = await inbound.ProcessAsync(batch);
            return Results.Ok(new BatchAnswer(results.Select(r => r.Outcome).ToArray(), results));
        }).RequireAuthorization(AuthExtensions.Authenticated).Produces<BatchAnswer>().WithTags("Webhooks");
        return webhooks.MapMetaWebhooks().MapTelegramWebhooks().MapSmsWebhooks();
    }
}

/// <summary>
/// The answer to a batch: <see cref="Outcomes"/> as the names clients read since the first version,
/// and <see cref="Results"/>, the same in order with the code and reason of any event kept in unrouted.
/// </summary>
public sealed record BatchAnswer(IReadOnlyList<InboundOutcome> Outcomes, IReadOnlyList<InboundResult> Results);

/// <summary>
/// The answer of a provider's webhook (Meta, Telegram, ACS): what became of each event it carried, in order, and the
/// kinds no rule reads (each named once).
/// </summary>
public sealed record WebhookAnswer(IReadOnlyList<InboundResult> Results, IReadOnlyList<string> Ignored);
