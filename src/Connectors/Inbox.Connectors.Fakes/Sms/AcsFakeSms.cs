namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// One text the fake accepted for one recipient, as a carrier would have received it: what tests and the
/// demo read to see that a send went out, from which number, once. <see cref="DeliveryReport"/> and
/// <see cref="Tag"/> are what an Event Grid delivery report would need.
/// </summary>
public sealed record AcsFakeSms(string MessageId, string From, string To, string Message, string? Tag, bool DeliveryReport, DateTimeOffset At);
