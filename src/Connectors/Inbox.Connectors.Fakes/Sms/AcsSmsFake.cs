using System.Globalization;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// One fake ACS resource's state and decisions: what it accepted, the repeatable requests it has seen
/// (a repeat gets the first answer and is not sent again), and a token bucket per sender that throttles
/// as ACS does. Thread-safe; endpoints come from <see cref="AcsSmsFakeEndpoints"/>, any number of fake
/// resources side by side under prefixes of their own. Its Event Grid side (customers writing in, delivery
/// reports) is in <c>AcsSmsFakeEventGrid.cs</c>.
/// </summary>
public sealed partial class AcsSmsFake(AcsSmsFakeOptions options, TimeProvider time) : IChannelFake, IDisposable
{
    /// <summary>Alphanumeric sender ids share one bucket per resource.</summary>
    private const string AlphanumericBucket = "(alphanumeric)";

    private readonly AcsSmsFakeOptions _options = Validated(options);
    private readonly Lock _gate = new();
    private readonly List<AcsFakeSms> _sent = [];
    private readonly Dictionary<Guid, (DateTimeOffset FirstSent, AcsSmsFakeItem Item)> _repeatable = [];
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Queue<int> _failures = new();
    private readonly Dictionary<string, DateTimeOffset> _throttledUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _throttledAnswers = new(StringComparer.Ordinal);

    public AcsSmsFakeOptions Options => _options;

    public TimeProvider Time => time;

    /// <summary>Every text accepted so far, in order.</summary>
    public IReadOnlyList<AcsFakeSms> Sent { get { lock (_gate) return [.. _sent]; } }

    /// <summary>
    /// Raised once for each text accepted (never for a repeat), after it is recorded. The place for what
    /// follows a send on the real service: an Event Grid publisher of delivery reports subscribes here
    /// (<see cref="AcsFakeSms.DeliveryReport"/> and <see cref="AcsFakeSms.Tag"/> say whether and how to report).
    /// </summary>
    public event Action<AcsFakeSms>? Accepted;

    /// <summary>The next <paramref name="count"/> authenticated sends are answered with <paramref name="status"/> and nothing is sent: an outage on demand.</summary>
    public void FailNext(int status, int count = 1)
    {
        lock (_gate) for (var i = 0; i < count; i++) _failures.Enqueue(status);
    }

    /// <summary>
    /// Sends from <paramref name="from"/> are answered 429 (Retry-After: what is left of the spell) for <paramref name="duration"/>
    /// from now, and nothing from that number is sent meanwhile; other senders go on as before. ACS's throttling of one number.
    /// </summary>
    public void Throttle(string from, TimeSpan duration)
    {
        lock (_gate) _throttledUntil[from] = time.GetUtcNow() + duration;
    }

    /// <summary>How many requests from <paramref name="from"/> were answered 429 so far (a spell or its bucket).</summary>
    public int ThrottledAnswers(string from)
    {
        lock (_gate) return _throttledAnswers.GetValueOrDefault(from);
    }

    /// <summary>
    /// The fake's own sliding counter, on its clock: the most texts accepted from <paramref name="from"/> in any window
    /// [t, t + <paramref name="window"/>), which is how a provider's per-number limit counts them.
    /// </summary>
    public int MostInAnyWindow(string from, TimeSpan window)
    {
        var times = SentAt(from);
        var most = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= window) first++;
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }

    /// <summary>When each text from <paramref name="from"/> was accepted, in order.</summary>
    public IReadOnlyList<DateTimeOffset> SentAt(string from)
    {
        lock (_gate) return [.. _sent.Where(s => s.From == from).Select(s => s.At).Order()];
    }

    /// <summary>ACS's answer to a valid, authenticated request.</summary>
    public AcsSmsFakeOutcome Send(AcsSmsFakeRequest request)
    {
        var accepted = new List<AcsFakeSms>();
        AcsSmsFakeOutcome outcome;
        lock (_gate)
        {
            outcome = Decide(request, time.GetUtcNow(), accepted);
        }
        foreach (var sms in accepted)
        {
            Accepted?.Invoke(sms);
            if (sms.DeliveryReport) ReportLater(sms);
        }
        return outcome;
    }

    private AcsSmsFakeOutcome Decide(AcsSmsFakeRequest request, DateTimeOffset now, List<AcsFakeSms> accepted)
    {
        if (_failures.TryDequeue(out var status)) return new AcsSmsFakeOutcome.Failed(status);

        var items = new AcsSmsFakeItem?[request.Recipients.Count];
        var fresh = new List<int>();
        var inThisRequest = new HashSet<Guid>();
        for (var i = 0; i < items.Length; i++)
        {
            var recipient = request.Recipients[i];
            if (recipient.Problem is not null) items[i] = AcsSmsFakeItem.Refused(recipient.To, 400, recipient.Problem);
            else if (recipient.RepeatabilityId is { } id && _repeatable.TryGetValue(id, out var seen))
                items[i] = seen.FirstSent == recipient.FirstSent
                    ? seen.Item
                    : AcsSmsFakeItem.Refused(recipient.To, 400, "The repeatability request was first sent at another time.") with { RepeatabilityResult = "rejected" };
            else if (recipient.RepeatabilityId is { } same && !inThisRequest.Add(same))
                items[i] = AcsSmsFakeItem.Refused(recipient.To, 400, "The repeatabilityRequestId is used twice in one request.");
            else fresh.Add(i);
        }

        if (fresh.Count > 0 && _throttledUntil.TryGetValue(request.From, out var until) && until > now)
            return Throttled(request.From, until - now);
        if (fresh.Count > 0 && BucketOf(request.From, now).Take(fresh.Count, now) is { } wait)
            return Throttled(request.From, wait);

        foreach (var i in fresh)
        {
            var recipient = request.Recipients[i];
            var messageId = $"Outgoing_{now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}{Guid.NewGuid():D}_noam";
            var item = new AcsSmsFakeItem(recipient.To, messageId, 202, recipient.RepeatabilityId is null ? null : "accepted", true, null);
            if (recipient.RepeatabilityId is { } id) _repeatable[id] = (recipient.FirstSent!.Value, item);
            var sms = new AcsFakeSms(messageId, request.From, recipient.To, request.Message, request.Tag, request.DeliveryReport, now);
            _sent.Add(sms);
            accepted.Add(sms);
            items[i] = item;
        }
        return new AcsSmsFakeOutcome.Items([.. items.Select(i => i!)]);
    }

    private AcsSmsFakeOutcome.Throttled Throttled(string from, TimeSpan wait)
    {
        _throttledAnswers[from] = _throttledAnswers.GetValueOrDefault(from) + 1;
        return new AcsSmsFakeOutcome.Throttled(wait);
    }

    private Bucket BucketOf(string from, DateTimeOffset now)
    {
        var alphanumeric = AcsSmsFakeRequest.IsAlphanumeric(from);
        var key = alphanumeric ? AlphanumericBucket : from;
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            var perMinute = _options.PerMinute.TryGetValue(from, out var own) ? own
                : alphanumeric ? _options.AlphanumericPerMinute
                : AcsSmsFakeRequest.IsShortCode(from) ? _options.ShortCodePerMinute
                : _options.NumberPerMinute;
            _buckets[key] = bucket = new Bucket(perMinute, now);
        }
        return bucket;
    }

    /// <summary>A resource with no key could accept nothing, and a rate under one a minute never refills.</summary>
    private static AcsSmsFakeOptions Validated(AcsSmsFakeOptions options)
    {
        if (options.AccessKeys.Count == 0) throw new ArgumentException("A fake ACS resource needs at least one access key.", nameof(options));
        foreach (var rate in options.PerMinute.Values.Append(options.NumberPerMinute).Append(options.ShortCodePerMinute).Append(options.AlphanumericPerMinute))
            ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1, nameof(options));
        return options;
    }

    /// <summary>
    /// ACS's limit as a token bucket: a minute's worth of units at most, refilled continuously at the
    /// per-minute rate. A refused request takes nothing, as ACS counts only what it sends.
    /// </summary>
    private sealed class Bucket(int perMinute, DateTimeOffset now)
    {
        private double _tokens = perMinute;
        private DateTimeOffset _at = now;

        /// <summary>Null when the units are taken; otherwise how long until they would be there.</summary>
        public TimeSpan? Take(int units, DateTimeOffset now)
        {
            if (now > _at)
            {
                _tokens = Math.Min(perMinute, _tokens + (now - _at).TotalMinutes * perMinute);
                _at = now;
            }
            if (_tokens >= units) { _tokens -= units; return null; }
            return TimeSpan.FromMinutes((units - _tokens) / perMinute);
        }
    }
}
