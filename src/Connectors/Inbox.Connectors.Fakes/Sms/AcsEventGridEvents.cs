using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// The Event Grid deliveries an ACS resource makes, in the Event Grid schema (a JSON array of events) and ACS's field
/// names (providers.md §1.2), built as plain JSON here rather than through Azure's types, so the app's parser (which
/// uses Azure's) reads what a real subscription would send and not what the same library wrote.
/// </summary>
public static class AcsEventGridEvents
{
    public const string Received = "Microsoft.Communication.SMSReceived";
    public const string DeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string Validation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /// <summary>A customer's text to one of the resource's numbers.</summary>
    public static byte[] ReceivedBody(string resource, string messageId, string from, string to, string text, DateTimeOffset at) => Array(resource,
        messageId, Subject(to), Received, at.AddSeconds(1), new JsonObject
        {
            ["messageId"] = messageId, ["from"] = from, ["to"] = to, ["message"] = text,
            ["receivedTimestamp"] = Time(at), ["segmentCount"] = Segments(text),
        });

    /// <summary>The carrier's report on a text the resource sent, echoing the send's tag as ACS does.</summary>
    public static byte[] ReportBody(string resource, AcsFakeSms sms, bool delivered, string details, DateTimeOffset at)
    {
        var segments = Segments(sms.Message);
        return Array(resource, sms.MessageId, Subject(sms.From), DeliveryReport, at, new JsonObject
        {
            ["messageId"] = sms.MessageId, ["from"] = sms.From, ["to"] = sms.To,
            ["deliveryStatus"] = delivered ? "Delivered" : "Failed", ["deliveryStatusDetails"] = details, ["receivedTimestamp"] = Time(at),
            ["deliveryAttempts"] = new JsonArray(new JsonObject
            {
                ["timestamp"] = Time(at), ["segmentsSucceeded"] = delivered ? segments : 0, ["segmentsFailed"] = delivered ? 0 : segments,
            }),
            ["tag"] = sms.Tag,
        });
    }

    /// <summary>The first delivery of a new subscription: the endpoint proves it wants the events by echoing the code.</summary>
    public static byte[] ValidationBody(string resource, string code, DateTimeOffset at) => Array(resource, Guid.NewGuid().ToString("D"), "", Validation, at,
        new JsonObject { ["validationCode"] = code, ["validationUrl"] = $"https://rp-fake.eventgrid.azure.net/validate?code={code}" });

    /// <summary>ACS's message id for a text it received: "Incoming_", the time to the second, a GUID.</summary>
    public static string IncomingId(DateTimeOffset at) => $"Incoming_{at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}{Guid.NewGuid():D}";

    /// <summary>
    /// The segments a carrier bills: 160 characters of the GSM alphabet (153 each once split) or 70 of UCS-2 (67 split).
    /// Plain ASCII stands in for the GSM alphabet, which is close enough for the number the reports carry.
    /// </summary>
    public static int Segments(string text)
    {
        var gsm = text.All(c => c is >= ' ' and <= '~' or '\n' or '\r');
        var (single, split) = gsm ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + split - 1) / split;
    }

    private static string Subject(string number) => "/phonenumber/" + number.TrimStart('+');

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Array(string resource, string id, string subject, string type, DateTimeOffset at, JsonObject data) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["topic"] = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/inbox-fakes/providers/Microsoft.Communication/communicationServices/{resource}",
            ["subject"] = subject, ["data"] = data, ["eventType"] = type, ["dataVersion"] = "1.0", ["metadataVersion"] = "1", ["eventTime"] = Time(at),
        }));
}
