using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// A send request as ACS validates it, parsed on its own from the raw JSON (not through the client's types,
/// so a field the client misnames is missing here too): the request-level checks that answer 400, and the
/// per-recipient ones that become items of the 202.
/// </summary>
public sealed partial record AcsSmsFakeRequest(string From, IReadOnlyList<AcsSmsFakeRequest.Recipient> Recipients, string Message,
    bool DeliveryReport, string? Tag)
{
    public const int MaxRecipients = 100;
    public const int MaxMessageLength = 2048;

    /// <summary>A recipient as sent; <see cref="Problem"/> is set when ACS would refuse this one alone.</summary>
    public sealed record Recipient(string To, Guid? RepeatabilityId, DateTimeOffset? FirstSent, string? Problem);

    /// <summary>The request, or the message of ACS's 400 for it.</summary>
    public static (AcsSmsFakeRequest? Request, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        JsonObject? root;
        try { root = JsonNode.Parse(body) as JsonObject; }
        catch (JsonException) { return (null, "The request body is not valid JSON."); }
        if (root is null) return (null, "The request body must be a JSON object.");

        if (Text(root, "from") is not { Length: > 0 } from) return (null, "The from field is required.");
        if (!IsSender(from)) return (null, "Invalid From phone number format.");
        if (root["smsRecipients"] is not JsonArray list) return (null, "The smsRecipients field is required.");
        if (list.Count is 0 or > MaxRecipients) return (null, $"The smsRecipients field must have between 1 and {MaxRecipients} recipients.");
        if (Text(root, "message") is not { } message) return (null, "The message field is required.");
        if (message.Length > MaxMessageLength) return (null, $"The message field must be at most {MaxMessageLength} characters.");

        var recipients = new List<Recipient>();
        foreach (var item in list)
        {
            if (item is not JsonObject recipient || Text(recipient, "to") is not { Length: > 0 } to) return (null, "Every recipient needs a to field.");
            recipients.Add(ParseRecipient(recipient, to));
        }

        var deliveryReport = false;
        string? tag = null;
        if (root["smsSendOptions"] is JsonObject options)
        {
            if (options["enableDeliveryReport"] is not JsonValue report || !report.TryGetValue(out deliveryReport))
                return (null, "The smsSendOptions.enableDeliveryReport field is required.");
            tag = Text(options, "tag");
        }
        return (new AcsSmsFakeRequest(from, recipients, message, deliveryReport, tag), null);
    }

    private static Recipient ParseRecipient(JsonObject recipient, string to)
    {
        if (!IsPhoneNumber(to)) return new(to, null, null, "Invalid To phone number format.");
        var id = Text(recipient, "repeatabilityRequestId");
        var firstSent = Text(recipient, "repeatabilityFirstSent");
        if (id is null && firstSent is null) return new(to, null, null, null);
        if (!Guid.TryParse(id, out var guid)) return new(to, null, null, "repeatabilityRequestId must be a GUID.");
        if (!DateTimeOffset.TryParseExact(firstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return new(to, null, null, "repeatabilityFirstSent must be an RFC 1123 date.");
        return new(to, guid, at, null);
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>E.164 as ACS takes it: a plus, digits only, and a length some country's plan allows.</summary>
    public static bool IsPhoneNumber(string address)
    {
        if (!E164().IsMatch(address)) return false;
        try { return PhoneNumberUtil.GetInstance().IsPossibleNumber(PhoneNumberUtil.GetInstance().Parse(address, null)); }
        catch (NumberParseException) { return false; }
    }

    /// <summary>A short code: five or six digits without a plus.</summary>
    public static bool IsShortCode(string address) => ShortCode().IsMatch(address);

    /// <summary>An alphanumeric sender id: up to 11 letters, digits and spaces, at least one letter.</summary>
    public static bool IsAlphanumeric(string address) => Alphanumeric().IsMatch(address);

    private static bool IsSender(string from) => IsPhoneNumber(from) || IsShortCode(from) || IsAlphanumeric(from);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[0-9]{5,6}$")]
    private static partial Regex ShortCode();

    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex Alphanumeric();
}
