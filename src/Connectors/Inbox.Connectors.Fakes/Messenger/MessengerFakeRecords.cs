namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// One message the fake accepted, as the person on Messenger would have received it: from which Page, under
/// which messaging type and tag, once. <see cref="Status"/> is the furthest tick the fake reported back and the
/// app accepted: sent, delivered, read.
/// </summary>
public sealed record MessengerFakeMessage(string Mid, string PageId, string Psid, string MessagingType, string? Tag, string? Text,
    MessengerFakeAttachment? Attachment, DateTimeOffset At, string Status = "sent");

/// <summary>A sender action the fake accepted (mark_seen, typing_on, typing_off).</summary>
public sealed record MessengerFakeAction(string PageId, string Psid, string Action, DateTimeOffset At);

/// <summary>One webhook the fake posted to the app: what it carried (echo, delivery, read, message), the exact bytes, and the app's answer.</summary>
public sealed record MessengerFakeCallback(string Kind, byte[] Body, int Status, string? Answer);

/// <summary>What the fake answers an authenticated Send API request.</summary>
public abstract record MessengerFakeOutcome
{
    private MessengerFakeOutcome() { }

    /// <summary>200: <c>recipient_id</c>, and <c>message_id</c> for a message (not for a sender action). <see cref="AnswerAfter"/> stalls the answer.</summary>
    public sealed record Sent(string Psid, string? Mid, TimeSpan AnswerAfter) : MessengerFakeOutcome;

    public sealed record Refused(MessengerFakeError Error) : MessengerFakeOutcome;
}
