using System.Collections.Concurrent;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests;

/// <summary>
/// The provider account "scripted": answers each send with the next scripted result (accepted
/// with a fresh provider id when the script is empty) and records what it was asked to send.
/// </summary>
public sealed class ScriptedSender : IChannelSender, IReadMarker
{
    public const string Account = "scripted";

    private readonly ConcurrentQueue<Func<OutboundMessage, SendResult>> _script = new();
    private readonly ConcurrentQueue<OutboundMessage> _sent = new();
    private readonly ConcurrentQueue<(string From, string To, string ProviderMessageId)> _markedRead = new();

    public string ProviderAccount => Account;

    public IReadOnlyList<OutboundMessage> Sent => _sent.ToArray();

    /// <summary>Every customer message marked read through this sender, in order.</summary>
    public IReadOnlyList<(string From, string To, string ProviderMessageId)> MarkedRead => _markedRead.ToArray();

    /// <summary>Set to hold every send until released (to stop a silo mid-drain).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public void Then(SendResult result) => _script.Enqueue(_ => result);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (Gate is { } gate) await gate.Task;
        _sent.Enqueue(message);
        return _script.TryDequeue(out var next) ? next(message) : new SendResult.Accepted("prov_" + message.MessageId);
    }

    public Task<SendResult> MarkReadAsync(string from, string to, string providerMessageId, CancellationToken cancellationToken)
    {
        _markedRead.Enqueue((from, to, providerMessageId));
        return Task.FromResult<SendResult>(new SendResult.Accepted(providerMessageId));
    }

    /// <summary>A connector for Telegram bot accounts whose every sender is this script; it records the accounts it was asked for.</summary>
    public sealed class Factory(ScriptedSender sender) : IChannelSenderFactory
    {
        private readonly ConcurrentQueue<string> _made = new();

        public Inbox.Silo.Accounts.ProviderAccountKind Kind => Inbox.Silo.Accounts.ProviderAccountKind.TelegramBot;

        public IReadOnlyList<string> MadeFor => _made.ToArray();

        public IChannelSender Create(Inbox.Silo.Accounts.ProviderAccountView account)
        {
            _made.Enqueue(account.Id);
            return sender;
        }
    }
}
