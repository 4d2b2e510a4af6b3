using Inbox.Connectors.Fakes;
using Inbox.Silo.Channels;

namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// One fake Meta app's Messenger state and decisions: each Page's token, each person's window with each Page
/// (opened by their last message), who blocked whom, the Send API's per-Page rates over a sliding second, and what
/// was accepted. It answers as the Send API does and then calls the app's webhook back, signed with the app secret,
/// as Meta does (see the Webhooks part). Thread-safe; endpoints come from <see cref="MessengerFakeEndpoints"/>.
/// </summary>
public sealed partial class MessengerFake(MessengerFakeOptions options, TimeProvider time) : IChannelFake, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<MessengerFakeMessage> _sent = [];
    private readonly List<MessengerFakeAction> _actions = [];
    private readonly Dictionary<(string Page, string Psid), DateTimeOffset> _lastCustomerMessage = [];
    private readonly Dictionary<(string Page, string Psid), MessengerFakeError> _blocked = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recentCalls = new(StringComparer.Ordinal);
    private readonly Queue<MessengerFakeError> _failures = new();
    private readonly Queue<TimeSpan> _stalls = new();
    private int _requests;

    public MessengerFakeOptions Options => options;

    public TimeProvider Time => time;

    public Channel Channel => Channel.Messenger;

    /// <summary>Every message accepted so far, in order, with the furthest tick the app took.</summary>
    public IReadOnlyList<MessengerFakeMessage> Sent { get { lock (_gate) return [.. _sent]; } }

    public IReadOnlyList<MessengerFakeAction> Actions { get { lock (_gate) return [.. _actions]; } }

    /// <summary>Every Send API request that reached the fake, refused or not: what a test counts to see that nothing was sent twice.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<FakeOutbound> SentTo(string customer) =>
        [.. Sent.Where(m => m.Psid == customer).Select(m => new FakeOutbound(m.Mid, m.PageId, m.Psid, m.Text ?? m.Attachment?.Url, m.At, m.Status))];

    /// <summary>The next <paramref name="count"/> authenticated sends are refused with <paramref name="error"/> and nothing is sent.</summary>
    public void FailNext(MessengerFakeError error, int count = 1)
    {
        lock (_gate) for (var i = 0; i < count; i++) _failures.Enqueue(error);
    }

    /// <summary>The next accepted message is sent, and its answer held back this long: a timeout after the request went out.</summary>
    public void StallNext(TimeSpan answerAfter)
    {
        lock (_gate) _stalls.Enqueue(answerAfter);
    }

    /// <summary>The person has written to the Page at <paramref name="at"/>: their window opens from then (a test moves it into the past).</summary>
    public void CustomerWroteAt(string pageId, string psid, DateTimeOffset at)
    {
        lock (_gate) _lastCustomerMessage[(pageId, psid)] = at;
    }

    /// <summary>The person blocks the Page or deactivates (551), or turns its messages off (10/2018108).</summary>
    public void Block(string pageId, string psid, MessengerFakeError? how = null)
    {
        lock (_gate) _blocked[(pageId, psid)] = how ?? MessengerFakeError.Unavailable;
    }

    /// <summary>The Page a token belongs to, checked against the Page the path names (<c>me</c> is the token's own).</summary>
    public (string? Page, MessengerFakeError? Error) Authenticate(string pathId, string? token)
    {
        Interlocked.Increment(ref _requests);
        if (string.IsNullOrEmpty(token)) return (null, MessengerFakeError.MissingToken);
        var page = options.Pages.FirstOrDefault(p => p.Value == token).Key;
        if (page is null) return (null, MessengerFakeError.BadToken);
        if (pathId != "me" && pathId != page) return (null, MessengerFakeError.NotThisPage(pathId));
        return (page, null);
    }

    /// <summary>Meta's answer to a valid request from an authenticated Page.</summary>
    public MessengerFakeOutcome Send(string page, MessengerFakeRequest request)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (RateRefusal(page, request, now) is { } limited) return new MessengerFakeOutcome.Refused(limited);
            if (_failures.TryDequeue(out var failure)) return new MessengerFakeOutcome.Refused(failure);
            if (!_lastCustomerMessage.TryGetValue((page, request.Psid), out var last)) return new MessengerFakeOutcome.Refused(MessengerFakeError.NoMatchingUser);
            if (_blocked.TryGetValue((page, request.Psid), out var blocked)) return new MessengerFakeOutcome.Refused(blocked);
            var window = request.Tag switch
            {
                null => options.StandardWindow,
                "HUMAN_AGENT" => options.HumanAgentWindow,
                _ => TimeSpan.MaxValue,
            };
            if (window != TimeSpan.MaxValue && now - last > window) return new MessengerFakeOutcome.Refused(MessengerFakeError.OutsideWindow);
            if (request.Attachment is { AttachmentId: { } id } && !HasAttachment(page, id))
                return new MessengerFakeOutcome.Refused(MessengerFakeError.Param("Invalid attachment_id"));

            if (request.SenderAction is { } action)
            {
                _actions.Add(new MessengerFakeAction(page, request.Psid, action, now));
                return new MessengerFakeOutcome.Sent(request.Psid, null, TimeSpan.Zero);
            }
            var message = new MessengerFakeMessage(NewMid(), page, request.Psid, request.MessagingType!, request.Tag, request.Text, request.Attachment, now);
            _sent.Add(message);
            return new MessengerFakeOutcome.Sent(request.Psid, message.Mid, _stalls.TryDequeue(out var stall) ? stall : TimeSpan.Zero);
        }
    }

    /// <summary>
    /// The Page's calls in the last second, counted on the wall clock of the fake (not the sender's bucket): over the
    /// Send API's rate, or over the audio and video rate for a call that carries either. A refused call counts too, as at Meta.
    /// </summary>
    private MessengerFakeError? RateRefusal(string page, MessengerFakeRequest request, DateTimeOffset now)
    {
        var all = Recent(page, now);
        var media = Recent(page + "/media", now);
        var over = all.Count >= options.SendsPerSecond || (request.CarriesAudioOrVideo && media.Count >= options.MediaSendsPerSecond);
        all.Enqueue(now);
        if (request.CarriesAudioOrVideo) media.Enqueue(now);
        return over ? MessengerFakeError.SendRateLimit : null;
    }

    private Queue<DateTimeOffset> Recent(string key, DateTimeOffset now)
    {
        if (!_recentCalls.TryGetValue(key, out var calls)) _recentCalls[key] = calls = new Queue<DateTimeOffset>();
        while (calls.TryPeek(out var oldest) && now - oldest >= TimeSpan.FromSeconds(1)) calls.Dequeue();
        return calls;
    }

    private void Update(string mid, string status)
    {
        lock (_gate)
        {
            var index = _sent.FindIndex(m => m.Mid == mid);
            if (index >= 0 && Rank(status) > Rank(_sent[index].Status)) _sent[index] = _sent[index] with { Status = status };
        }
    }

    private static int Rank(string status) => status switch { "read" => 3, "delivered" => 2, _ => 1 };

    /// <summary>A message id shaped as Meta's: <c>m_</c> and a long URL-safe token.</summary>
    private static string NewMid() => "m_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
