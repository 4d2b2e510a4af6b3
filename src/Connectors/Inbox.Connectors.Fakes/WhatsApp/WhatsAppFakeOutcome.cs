namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>One message the fake accepted from a business number, as the user's phone would get it.</summary>
public sealed record WhatsAppFakeMessage(string Id, string PhoneNumberId, string WaId, string Type, string? Text, string? ReplyTo,
    WhatsAppFakeMediaUse? Media, WhatsAppFakeTemplateUse? Template, DateTimeOffset At);

/// <summary>What the fake answers an authenticated <c>/messages</c> request.</summary>
public abstract record WhatsAppFakeOutcome
{
    private WhatsAppFakeOutcome() { }

    /// <summary>200 with the message id; <paramref name="Input"/> is <c>to</c> as given, echoed in <c>contacts[].input</c>.</summary>
    public sealed record Accepted(WhatsAppFakeMessage Message, string Input) : WhatsAppFakeOutcome;

    /// <summary>200 <c>{"success":true}</c> for a mark-as-read.</summary>
    public sealed record Read : WhatsAppFakeOutcome;

    public sealed record Refused(WhatsAppFakeError Error) : WhatsAppFakeOutcome;

    /// <summary>Accepted and sent, but the answer never comes (<see cref="WhatsAppFake.StallNext"/>): the caller times out.</summary>
    public sealed record Stalled(WhatsAppFakeMessage Message) : WhatsAppFakeOutcome;

    /// <summary>Accepted and sent, then the connection is cut before the answer (<see cref="WhatsAppFake.DropNext"/>).</summary>
    public sealed record Dropped(WhatsAppFakeMessage Message) : WhatsAppFakeOutcome;
}
