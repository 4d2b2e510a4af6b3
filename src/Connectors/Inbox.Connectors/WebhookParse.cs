using Inbox.Silo.Inbound;

namespace Inbox.Connectors;

/// <summary>
/// What a provider's webhook body came to, before anything is routed. Parsing never throws on what a provider (or
/// someone posing as one) sends: a body that cannot be read is <see cref="Malformed"/> with the reason, which the
/// endpoint answers as a problem (400 to Meta and Telegram), never as a 500.
/// </summary>
public abstract record WebhookParse
{
    private WebhookParse()
    {
    }

    /// <summary>
    /// The events to route, in the body's order, and the kinds the body also carried that Inbox does not keep (each named
    /// once, for the endpoint to log): acknowledged all the same, or the provider would redeliver them for days.
    /// </summary>
    public sealed record Parsed(IReadOnlyList<InboundEvent> Events, IReadOnlyList<string> Ignored) : WebhookParse;

    /// <summary>The body is not what the provider sends: not JSON, not the expected shape, a required field missing.</summary>
    public sealed record Malformed(string Reason) : WebhookParse;

    /// <summary>Event Grid's subscription validation: answer 200 with <c>{"validationResponse": code}</c> (or GET the URL within 5 minutes).</summary>
    public sealed record Handshake(string ValidationCode, string? ValidationUrl) : WebhookParse;
}
