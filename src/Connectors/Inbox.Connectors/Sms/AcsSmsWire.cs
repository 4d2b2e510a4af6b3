using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inbox.Connectors.Sms;

/// <summary>
/// The JSON of ACS's send call (api-version 2021-03-07), as the REST specification names it. Only what
/// the client writes and reads is here; the fake parses requests on its own so the two cannot share a mistake.
/// </summary>
internal static class AcsSmsWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record SendRequest(string From, IReadOnlyList<Recipient> SmsRecipients, string Message, SendOptions SmsSendOptions);

    public sealed record Recipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

    public sealed record SendOptions(bool EnableDeliveryReport, string? Tag);

    /// <summary>The 202's multi-status body: one item per recipient, each to be checked.</summary>
    public sealed record SendResponse(IReadOnlyList<SendResult?>? Value);

    public sealed record SendResult(string? To, string? MessageId, int? HttpStatusCode, string? RepeatabilityResult, bool? Successful, string? ErrorMessage);

    /// <summary>The error body of a refused request (the Communication Services error envelope).</summary>
    public sealed record ErrorResponse(ErrorDetail? Error);

    public sealed record ErrorDetail(string? Code, string? Message);
}
