using System.Text.Json.Nodes;
using Inbox.Silo.Channels;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>A message a bot sent through the fake, as the chat shows it: which bot, where, what, in reply to what.</summary>
public sealed record TelegramFakeSent(string BotId, long ChatId, long MessageId, string Method, string? Text, string? FileId, long? ReplyTo,
    JsonObject? ReplyMarkup, DateTimeOffset At);

/// <summary>One call that reached the fake with a token it knows: the bot, the method as resolved, its parameters.</summary>
public sealed record TelegramFakeCallRecord(string BotId, string Method, TelegramFakeCall Call, DateTimeOffset At);

/// <summary>A file Telegram holds: from a customer's message or a bot's upload, downloadable by its path.</summary>
public sealed record TelegramFakeFile(string FileId, string UniqueId, string Kind, string Path, byte[] Content, string? FileName, string? MimeType)
{
    public long Size => Content.LongLength;
}

/// <summary>
/// One fake Bot API server's state and decisions: the bots it serves, the people and groups they talk to (started,
/// blocked), the messages in each chat, files, webhooks with their pending updates, and Telegram's send limits
/// (<see cref="TelegramFakeLimits"/>). It answers calls as Telegram does (<see cref="CallAsync"/>, reached through
/// <see cref="TelegramFakeEndpoints"/>) and plays the customers, posting updates to the registered webhooks with the
/// secret header (TelegramFake.Customers.cs). Thread-safe: state changes under one lock, network calls outside it.
/// </summary>
public sealed partial class TelegramFake : IChannelFake, IDisposable
{
    private readonly TelegramFakeOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BotState> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BotState> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, TelegramFakeCustomer> _customers = [];
    private readonly Dictionary<long, TelegramFakeGroup> _groups = [];
    private readonly Dictionary<string, TelegramFakeFile> _files = new(StringComparer.Ordinal);
    private readonly List<TelegramFakeSent> _sent = [];
    private readonly List<TelegramFakeCallRecord> _calls = [];
    private readonly TelegramFakeLimits _limits = new();
    private readonly Queue<TelegramFakeAnswer> _failures = new();
    private readonly Queue<TimeSpan> _stalls = new();
    private readonly HttpClient _http;
    private long _nextFile;

    public TelegramFake(TelegramFakeOptions options, TimeProvider? time = null)
    {
        if (options.Bots.Count == 0) throw new ArgumentException("A fake Bot API needs at least one bot.", nameof(options));
        foreach (var bot in options.Bots)
        {
            if (bot.Token.IndexOf(':') <= 0 || !bot.Token[..bot.Token.IndexOf(':')].All(char.IsAsciiDigit))
                throw new ArgumentException($"'{bot.Username}' has no bot token (digits, a colon, the secret part).", nameof(options));
            var state = new BotState(bot);
            _byToken[bot.Token] = state;
            _byId[bot.Id] = state;
        }
        _options = options;
        _time = time ?? TimeProvider.System;
        _http = new HttpClient { Timeout = options.WebhookTimeout };
    }

    public Channel Channel => Channel.Telegram;

    public TelegramFakeOptions Options => _options;

    public TimeProvider Time => _time;

    /// <summary>Every message the bots sent, in order.</summary>
    public IReadOnlyList<TelegramFakeSent> Sent { get { lock (_gate) return [.. _sent]; } }

    /// <summary>Every call made with a known token, in order (a refused one too: it reached Telegram).</summary>
    public IReadOnlyList<TelegramFakeCallRecord> Calls { get { lock (_gate) return [.. _calls]; } }

    /// <summary>The answers given to callback queries: the query id and the text shown, if any.</summary>
    public IReadOnlyList<(string QueryId, string? Text)> CallbackAnswers
    {
        get { lock (_gate) return [.. _byId.Values.SelectMany(b => b.Callbacks.Values).Where(c => c.Answered).Select(c => (c.Id, c.AnswerText))]; }
    }

    /// <summary>A person the bots may meet; <paramref name="started"/> means they already pressed Start with <paramref name="botId"/>.</summary>
    public void AddCustomer(TelegramFakeCustomer customer, string? botId = null, bool started = false)
    {
        lock (_gate)
        {
            _customers[customer.Id] = customer;
            if (botId is not null && started) Bot(botId).Relation(customer.Id).Started = true;
        }
    }

    /// <summary>A group all the fake's bots are in.</summary>
    public void AddGroup(TelegramFakeGroup group)
    {
        lock (_gate) _groups[group.Id] = group;
    }

    /// <summary>The person deleted their account: the bots get 403 "user is deactivated".</summary>
    public void Deactivate(long customerId)
    {
        lock (_gate) foreach (var bot in _byId.Values) bot.Relation(customerId).Deactivated = true;
    }

    /// <summary>The next <paramref name="count"/> calls with a known token are answered with this error and have no effect: an outage on demand.</summary>
    public void FailNext(int code, string description, int count = 1)
    {
        lock (_gate) for (var i = 0; i < count; i++) _failures.Enqueue(TelegramFakeAnswer.Error(code, description));
    }

    /// <summary>The bot is in a flood wait: every send is answered 429 until it ends, as Telegram pauses a whole bot.</summary>
    public void PauseBot(string botId, TimeSpan howLong)
    {
        lock (_gate) Bot(botId).FloodUntil = _time.GetUtcNow() + howLong;
    }

    /// <summary>
    /// The next call takes effect (a message is sent) but its answer is held back this long: a client that gives up
    /// sooner has reached Telegram without learning so, the case that must never be retried blindly.
    /// </summary>
    public void StallNext(TimeSpan delay)
    {
        lock (_gate) _stalls.Enqueue(delay);
    }

    /// <summary>A file as a customer would have sent it, kept for getFile and download; returns it.</summary>
    public TelegramFakeFile AddFile(string kind, byte[] content, string? fileName = null, string? mimeType = null)
    {
        lock (_gate) return Store(kind, content, fileName, mimeType);
    }

    /// <summary>The file, or null; the path is what getFile answers and /file/bot{token}/{path} serves.</summary>
    public TelegramFakeFile? File(string fileId)
    {
        lock (_gate) return _files.GetValueOrDefault(fileId);
    }

    /// <summary>
    /// Answers one call to <c>/bot{token}/{method}</c>. A token that is not shaped like one is 404, as on Telegram; a
    /// well-formed token no bot has is 401; a method Telegram does not have is 404.
    /// </summary>
    public async Task<TelegramFakeAnswer> CallAsync(string token, TelegramFakeCall call, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(token)) return TelegramFakeAnswer.NotFound;
        BotState bot;
        TimeSpan stall = default;
        TelegramFakeAnswer? failure;
        lock (_gate)
        {
            if (!_byToken.TryGetValue(token, out var known)) return TelegramFakeAnswer.Unauthorized;
            bot = known;
            _calls.Add(new TelegramFakeCallRecord(bot.Bot.Id, call.Method, call, _time.GetUtcNow()));
            failure = _failures.TryDequeue(out var failed) ? failed : null;
            if (failure is null && _stalls.TryDequeue(out var delay)) stall = delay;
        }
        if (failure is not null) return failure;
        var answer = call.Method switch
        {
            "getme" => TelegramFakeAnswer.Ok(TelegramFakeObjects.Me(bot.Bot)),
            "sendmessage" => Locked(() => SendMessage(bot, call)),
            "sendphoto" or "senddocument" or "sendvideo" or "sendaudio" or "sendvoice" => await SendMediaAsync(bot, call, cancellationToken),
            "answercallbackquery" => Locked(() => AnswerCallback(bot, call)),
            "getfile" => Locked(() => GetFile(call)),
            "setwebhook" => Locked(() => SetWebhook(bot, call)),
            "deletewebhook" => Locked(() => DeleteWebhook(bot, call)),
            "getwebhookinfo" => Locked(() => WebhookInfo(bot)),
            "getupdates" => Locked(() => GetUpdates(bot, call)),
            _ => TelegramFakeAnswer.NotFound,
        };
        return stall > TimeSpan.Zero ? answer with { Delay = stall } : answer;
    }

    /// <summary>A file by its path for <c>/file/bot{token}/{path}</c>: null (404) for an unknown token or path.</summary>
    public TelegramFakeFile? Download(string token, string path)
    {
        lock (_gate)
        {
            if (!_byToken.ContainsKey(token)) return null;
            return _files.Values.FirstOrDefault(f => f.Path == path && f.Size <= _options.MaxDownloadBytes);
        }
    }

    public void Dispose() => _http.Dispose();

    private TelegramFakeAnswer Locked(Func<TelegramFakeAnswer> decide)
    {
        lock (_gate) return decide();
    }

    private static bool LooksLikeToken(string token)
    {
        var colon = token.IndexOf(':');
        return colon > 0 && token[..colon].All(char.IsAsciiDigit) && token.Length > colon + 1
            && token[(colon + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    private BotState Bot(string botId) =>
        _byId.TryGetValue(botId, out var bot) ? bot : throw new ArgumentException($"The fake has no bot {botId}.", nameof(botId));

    private TelegramFakeFile Store(string kind, byte[] content, string? fileName, string? mimeType)
    {
        var number = ++_nextFile;
        var folder = kind switch { "photo" => "photos", "video" => "videos", "audio" => "music", "voice" => "voice", _ => "documents" };
        var extension = Path.GetExtension(fileName ?? "") is { Length: > 0 } given ? given
            : kind switch { "photo" => ".jpg", "video" => ".mp4", "audio" => ".mp3", "voice" => ".oga", _ => "" };
        var file = new TelegramFakeFile(TelegramFakeObjects.FileId(kind), TelegramFakeObjects.UniqueId(), kind, $"{folder}/file_{number}{extension}",
            content, fileName, mimeType);
        _files[file.FileId] = file;
        return file;
    }

    /// <summary>One bot's side of the world: its webhook, its updates, its chats' messages, its callback queries.</summary>
    private sealed class BotState(TelegramFakeBot bot)
    {
        public TelegramFakeBot Bot { get; } = bot;
        public Webhook? Hook { get; set; }
        public List<Pending> Pending { get; } = [];
        public Dictionary<long, byte[]> Delivered { get; } = [];
        public List<Pending>? Held { get; set; }
        public long NextUpdateId { get; set; } = 500_000_000 + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000);
        public Dictionary<long, long> NextMessageId { get; } = [];
        public Dictionary<(long Chat, long Id), JsonObject> Messages { get; } = [];
        public Dictionary<long, Relationship> People { get; } = [];
        public Dictionary<string, Callback> Callbacks { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset FloodUntil { get; set; }
        public DateTimeOffset? LastErrorAt { get; set; }
        public string? LastError { get; set; }

        public Relationship Relation(long person) => People.TryGetValue(person, out var known) ? known : People[person] = new Relationship();

        public long MessageId(long chat) => NextMessageId[chat] = NextMessageId.GetValueOrDefault(chat) + 1;
    }

    private sealed class Relationship
    {
        public bool Started;
        public bool Blocked;
        public bool Deactivated;
    }

    private sealed record Webhook(string Url, string? Secret, IReadOnlyList<string>? AllowedUpdates, int MaxConnections);

    /// <summary>An update waiting for its webhook (or for getUpdates): its kind, its bytes, when it was made.</summary>
    private sealed record Pending(long UpdateId, string Kind, byte[] Body, DateTimeOffset At);

    private sealed class Callback(string id, long from, DateTimeOffset at)
    {
        public string Id { get; } = id;
        public long From { get; } = from;
        public DateTimeOffset At { get; } = at;
        public bool Answered { get; set; }
        public string? AnswerText { get; set; }
    }
}
