using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Sms;

/// <summary>
/// An Event Grid delivery (Event Grid schema: a JSON array of events) from an ACS resource, as normalized inbound events,
/// as a pure function of the bytes. Read with Azure.Messaging.EventGrid's own parser and system event types. Received
/// messages are keyed by ACS's messageId; a delivery report by its messageId and status, since a message has one report
/// per outcome and Event Grid redelivers each as it was.
/// </summary>
public static class AcsSmsEvents
{
    public static WebhookParse Parse(BinaryData body)
    {
        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(body);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return new WebhookParse.Malformed($"The body is not an array of Event Grid events: {error.Message}");
        }
        var inbound = new List<InboundEvent>(events.Length);
        var ignored = new List<string>();
        foreach (var (@event, index) in events.Select((e, i) => (e, i)))
        {
            object? data;
            try
            {
                if (!@event.TryGetSystemEventData(out data)) data = null;
            }
            catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                return new WebhookParse.Malformed($"Event {index} ({@event.EventType}) has data that is not the shape of its type: {error.Message}");
            }
            switch (data)
            {
                // The handshake comes alone; answering it is all the request is for.
                case SubscriptionValidationEventData validation when !string.IsNullOrEmpty(validation.ValidationCode):
                    return new WebhookParse.Handshake(validation.ValidationCode, validation.ValidationUrl);
                case AcsSmsEventBaseProperties sms when Problem(sms) is { } problem:
                    return new WebhookParse.Malformed($"Event {index} ({@event.EventType}): {problem}");
                case AcsSmsReceivedEventData received:
                    inbound.Add(Received(received, @event.EventTime));
                    break;
                case AcsSmsDeliveryReportReceivedEventData report:
                    if (Report(report, @event.EventTime) is { } status) inbound.Add(status);
                    else ignored.Add($"delivery report {report.DeliveryStatus}");
                    break;
                // A type we read whose data did not come out as that type: kept from being passed over as unknown.
                case var _ when Known.Contains(@event.EventType):
                    return new WebhookParse.Malformed($"Event {index} ({@event.EventType}) has data that is not the shape of its type.");
                default:
                    ignored.Add(@event.EventType);
                    break;
            }
        }
        return new WebhookParse.Parsed(inbound, ignored.Distinct(StringComparer.Ordinal).ToArray());
    }

    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        SystemEventNames.AcsSmsReceived, SystemEventNames.AcsSmsDeliveryReportReceived, SystemEventNames.EventGridSubscriptionValidation,
    };

    private static InboundEvent Received(AcsSmsReceivedEventData sms, DateTimeOffset eventTime) => new()
    {
        Kind = InboundKind.Message,
        Channel = Channel.Sms,
        NumberAddress = Address(sms.To),
        SenderAddress = Address(sms.From),
        DedupeKey = sms.MessageId,
        ProviderMessageId = sms.MessageId,
        ProviderTimestamp = sms.ReceivedTimestamp ?? eventTime,
        Text = sms.Message,
    };

    /// <summary>
    /// A report on one of our sends: from is our number, to the customer's. ACS says Delivered or Failed (no read), with its
    /// own words in deliveryStatusDetails; a failure keeps both, the status as the code and the details as the reason.
    /// </summary>
    private static InboundEvent? Report(AcsSmsDeliveryReportReceivedEventData report, DateTimeOffset eventTime)
    {
        DeliveryStatus? status = report.DeliveryStatus?.Trim().ToLowerInvariant() switch
        {
            "delivered" => DeliveryStatus.Delivered,
            "failed" => DeliveryStatus.Failed,
            _ => null,
        };
        if (status is not { } known) return null;
        var failed = known == DeliveryStatus.Failed;
        return new InboundEvent
        {
            Kind = InboundKind.Status,
            Channel = Channel.Sms,
            NumberAddress = Address(report.From),
            SenderAddress = Address(report.To),
            DedupeKey = $"{report.MessageId}:{known.Wire()}",
            ProviderMessageId = report.MessageId,
            ProviderTimestamp = report.ReceivedTimestamp ?? eventTime,
            Status = known,
            ErrorCode = failed ? report.DeliveryStatus!.Trim() : null,
            ErrorReason = failed ? (string.IsNullOrWhiteSpace(report.DeliveryStatusDetails) ? "The carrier did not deliver the message." : report.DeliveryStatusDetails) : null,
        };
    }

    private static string? Problem(AcsSmsEventBaseProperties sms) =>
        string.IsNullOrWhiteSpace(sms.MessageId) ? "it has no messageId."
        : string.IsNullOrWhiteSpace(sms.From) || string.IsNullOrWhiteSpace(sms.To) ? "it needs both from and to."
        : null;

    /// <summary>
    /// ACS's samples give numbers with and without the "+": a long number of digits only is taken as international (E.164
    /// without its "+"); a short one is a short code and stays as it is.
    /// </summary>
    public static string Address(string? value)
    {
        var trimmed = (value ?? "").Trim();
        return trimmed.Length > 8 && trimmed.All(char.IsAsciiDigit) ? "+" + trimmed : trimmed;
    }
}
