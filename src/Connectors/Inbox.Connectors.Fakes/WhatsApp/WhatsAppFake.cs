using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// One fake WhatsApp Cloud API's state and decisions: which token may use which number, the 24-hour window of
/// each (number, user) pair, the per-number and per-pair limits, what it accepted and which statuses it reported.
/// Thread-safe; the HTTP face is <see cref="WhatsAppFakeEndpoints"/>, the webhooks it posts back are in
/// <c>WhatsAppFake.Webhooks.cs</c>, media in <c>WhatsAppFake.Media.cs</c>.
/// </summary>
public sealed partial class WhatsAppFake : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<WhatsAppFakeMessage> _sent = [];
    private readonly Dictionary<string, string> _status = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Number, string WaId), DateTimeOffset> _lastInbound = [];
    private readonly HashSet<(string Number, string MessageId)> _received = [];
    private readonly List<(string Number, string MessageId)> _readMarks = [];
    private readonly Dictionary<string, WhatsAppFakeBucket> _numberBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Number, string WaId), WhatsAppFakeBucket> _pairBuckets = [];
    private readonly Queue<Func<WhatsAppFakeMessage?, WhatsAppFakeOutcome?>> _next = new();
    private int _messageRequests;

    public WhatsAppFake(WhatsAppFakeOptions options, TimeProvider? time = null)
    {
        if (options.Numbers.Count == 0) throw new ArgumentException("A fake WhatsApp Cloud API needs at least one number.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NumberPerSecond, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PairBurst, 1, nameof(options));
        Options = options;
        Time = time ?? TimeProvider.System;
    }

    public WhatsAppFakeOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Every message accepted so far, in order.</summary>
    public IReadOnlyList<WhatsAppFakeMessage> Sent { get { lock (_gate) return [.. _sent]; } }

    /// <summary>How many <c>/messages</c> requests arrived, whatever became of them: a resend after a timeout shows here.</summary>
    public int MessageRequests => Volatile.Read(ref _messageRequests);

    /// <summary>The inbound messages marked read, as (phone number id, message id).</summary>
    public IReadOnlyList<(string Number, string MessageId)> ReadMarks { get { lock (_gate) return [.. _readMarks]; } }

    /// <summary>The furthest status the fake reported for a message it accepted ("accepted" before any), or null for an id it never gave.</summary>
    public string? StatusOf(string messageId) { lock (_gate) return _status.GetValueOrDefault(messageId); }

    /// <summary>The next <paramref name="count"/> authenticated sends are answered with <paramref name="error"/> and nothing is sent.</summary>
    public void FailNext(WhatsAppFakeError error, int count = 1) =>
        Enqueue(count, _ => new WhatsAppFakeOutcome.Refused(error));

    /// <summary>The next <paramref name="count"/> valid sends are sent, but their answer never comes: the caller's timeout.</summary>
    public void StallNext(int count = 1) => Enqueue(count, m => m is null ? null : new WhatsAppFakeOutcome.Stalled(m));

    /// <summary>The next <paramref name="count"/> valid sends are sent, then the connection is cut before the answer.</summary>
    public void DropNext(int count = 1) => Enqueue(count, m => m is null ? null : new WhatsAppFakeOutcome.Dropped(m));

    private void Enqueue(int count, Func<WhatsAppFakeMessage?, WhatsAppFakeOutcome?> outcome)
    {
        lock (_gate) for (var i = 0; i < count; i++) _next.Enqueue(outcome);
    }

    /// <summary>
    /// Null when the bearer token may act on <paramref name="objectId"/> (a phone number id or a business account
    /// id): a token covers every number of the business accounts it was issued for. Otherwise Graph's refusal.
    /// </summary>
    public WhatsAppFakeError? Authorize(string? authorization, string objectId, string method)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length == 7)
            return WhatsAppFakeError.NoToken;
        var token = authorization[7..].Trim();
        var accounts = Options.Numbers.Where(n => FixedTimeEquals(n.AccessToken, token)).Select(n => n.BusinessAccountId).ToHashSet(StringComparer.Ordinal);
        if (accounts.Count == 0) return WhatsAppFakeError.BadToken;
        var reachable = accounts.Contains(objectId) || Options.Numbers.Any(n => n.PhoneNumberId == objectId && accounts.Contains(n.BusinessAccountId));
        return reachable ? null : WhatsAppFakeError.NoObject(objectId, method);
    }

    /// <summary>The Cloud API's answer to a parsed, authenticated <c>/messages</c> request from <paramref name="phoneNumberId"/>.</summary>
    public WhatsAppFakeOutcome Send(string phoneNumberId, WhatsAppFakeRequest request)
    {
        Interlocked.Increment(ref _messageRequests);
        WhatsAppFakeOutcome outcome;
        lock (_gate) outcome = Decide(phoneNumberId, request, Time.GetUtcNow());
        var sent = outcome switch
        {
            WhatsAppFakeOutcome.Accepted a => a.Message,
            WhatsAppFakeOutcome.Stalled s => s.Message,
            WhatsAppFakeOutcome.Dropped d => d.Message,
            _ => null,
        };
        if (sent is not null) ReportStatuses(sent);
        return outcome;
    }

    /// <summary>Counts a request that never reached a decision (refused before parsing), as Meta would have seen it.</summary>
    internal void CountRequest() => Interlocked.Increment(ref _messageRequests);

    private WhatsAppFakeOutcome Decide(string number, WhatsAppFakeRequest request, DateTimeOffset now)
    {
        if (_next.TryPeek(out var injected) && injected(null) is WhatsAppFakeOutcome.Refused refused)
        {
            _next.Dequeue();
            return refused;
        }
        if (request is WhatsAppFakeRequest.MarkRead read)
        {
            if (!_received.Contains((number, read.MessageId)))
                return new WhatsAppFakeOutcome.Refused(WhatsAppFakeError.Of(100, "Invalid parameter", $"Message '{read.MessageId}' was not received by this number."));
            _readMarks.Add((number, read.MessageId));
            return new WhatsAppFakeOutcome.Read();
        }
        var message = (WhatsAppFakeRequest.Message)request;
        if (message.Template is { } use && TemplateProblem(number, use) is { } templateProblem) return new WhatsAppFakeOutcome.Refused(templateProblem);
        if (message.Media is { Id: { } mediaId } && !MediaUsable(number, mediaId, now))
            return new WhatsAppFakeOutcome.Refused(WhatsAppFakeError.Of(131053, "Media upload error", $"Media id '{mediaId}' is not an upload of this business that is still kept."));
        var windowOpen = message.Template is not null || InWindow(number, message.WaId, now);
        if (!windowOpen && Options.WindowClosed == WindowClosedAnswer.Refuse)
            return new WhatsAppFakeOutcome.Refused(WhatsAppFakeError.Of(131047, "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));

        if (!NumberBucket(number, now).TryTake(now))
            return new WhatsAppFakeOutcome.Refused(WhatsAppFakeError.Of(130429, "Rate limit hit",
                $"Cloud API message throughput ({Options.NumberPerSecond}/s) has been reached for this number."));
        if (!PairBucket(number, message.WaId, now).TryTake(now))
            return new WhatsAppFakeOutcome.Refused(WhatsAppFakeError.Of(131056, "(Business Account, Consumer Account) pair rate limit hit",
                "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."));

        var sent = new WhatsAppFakeMessage(NewMessageId(message.WaId), number, message.WaId, message.Type, Rendered(number, message), message.ReplyTo,
            message.Media, message.Template, now);
        _sent.Add(sent);
        _status[sent.Id] = windowOpen ? "accepted" : "accepted (window closed)";
        if (_next.TryDequeue(out var after) && after(sent) is { } special) return special;
        return new WhatsAppFakeOutcome.Accepted(sent, message.To);
    }

    private bool InWindow(string number, string waId, DateTimeOffset now) =>
        _lastInbound.TryGetValue((number, waId), out var last) && now - last < Options.Window;

    private WhatsAppFakeError? TemplateProblem(string number, WhatsAppFakeTemplateUse use)
    {
        var account = NumberOf(number).BusinessAccountId;
        var template = Options.Templates.FirstOrDefault(t => t.BusinessAccountId == account && t.Name == use.Name && t.Language == use.Language);
        if (template is null || template.Status != "APPROVED")
            return WhatsAppFakeError.Of(132001, "Template name does not exist in the translation",
                $"template name ({use.Name}) does not exist in {use.Language}" + (template is null ? "" : $" as an approved template (it is {template.Status})"));
        var expected = Placeholders(template.Body);
        return use.Parameters.Count == expected ? null
            : WhatsAppFakeError.Of(132000, "Number of parameters does not match the expected number of params",
                $"body: number of localizable_params ({use.Parameters.Count}) does not match the expected number of params ({expected})");
    }

    private string? Rendered(string number, WhatsAppFakeRequest.Message message)
    {
        if (message.Template is not { } use) return message.Text;
        var account = NumberOf(number).BusinessAccountId;
        var body = Options.Templates.First(t => t.BusinessAccountId == account && t.Name == use.Name && t.Language == use.Language).Body;
        return PlaceholderPattern().Replace(body, m => use.Parameters[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]);
    }

    public static int Placeholders(string body) =>
        PlaceholderPattern().Matches(body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    public WhatsAppFakeNumber NumberOf(string phoneNumberId) =>
        Options.Numbers.FirstOrDefault(n => n.PhoneNumberId == phoneNumberId) ?? throw new ArgumentException($"The fake serves no number '{phoneNumberId}'.", nameof(phoneNumberId));

    private WhatsAppFakeBucket NumberBucket(string number, DateTimeOffset now)
    {
        if (!_numberBuckets.TryGetValue(number, out var bucket))
            _numberBuckets[number] = bucket = new WhatsAppFakeBucket(Options.NumberPerSecond, TimeSpan.FromSeconds(1.0 / Options.NumberPerSecond), now);
        return bucket;
    }

    private WhatsAppFakeBucket PairBucket(string number, string waId, DateTimeOffset now)
    {
        if (!_pairBuckets.TryGetValue((number, waId), out var bucket))
            _pairBuckets[(number, waId)] = bucket = new WhatsAppFakeBucket(Options.PairBurst, Options.PairInterval, now);
        return bucket;
    }

    /// <summary>A <c>wamid.</c> id of Meta's shape: base64 of the user's number and a random part.</summary>
    private static string NewMessageId(string waId) =>
        "wamid.HBgL" + Convert.ToBase64String([.. System.Text.Encoding.ASCII.GetBytes(waId), .. RandomNumberGenerator.GetBytes(18)]);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    [GeneratedRegex(@"\{\{(\d+)\}\}")]
    private static partial Regex PlaceholderPattern();
}
