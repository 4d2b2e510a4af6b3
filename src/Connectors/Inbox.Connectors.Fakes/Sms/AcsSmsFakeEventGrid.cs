using Inbox.Silo.Channels;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// The fake resource's Event Grid side, as the customer simulator and the end-to-end tests use it: a customer's text
/// becomes an <c>SMSReceived</c> event posted to the subscription, and every accepted send that asked for a report gets
/// an <c>SMSDeliveryReportReceived</c> (Delivered) a moment later. Nothing reaches the app except through its webhook.
/// </summary>
public sealed partial class AcsSmsFake
{
    /// <summary>Event Grid's retry schedule (10 s, 30 s, 1 min, …) compressed, so a report the app could not take yet still arrives.</summary>
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, string> _reported = new(StringComparer.Ordinal);
    private AcsEventGridSubscription? _subscription;

    public Channel Channel => Channel.Sms;

    /// <summary>Where the resource's events go, once <see cref="SubscribeAsync"/> has validated it.</summary>
    public AcsEventGridSubscription? Subscription => Volatile.Read(ref _subscription);

    /// <summary>
    /// Subscribes <paramref name="endpoint"/> (with its <c>?secret=</c>) as Event Grid does: only an endpoint that echoes
    /// the validation code gets events. Null when it did; otherwise why not, and the earlier subscription stays.
    /// </summary>
    public async Task<string?> SubscribeAsync(Uri endpoint, HttpClient http, CancellationToken cancellationToken)
    {
        var subscription = new AcsEventGridSubscription(endpoint, http);
        var refusal = await subscription.ValidateAsync(_options.ResourceName, time.GetUtcNow(), cancellationToken);
        if (refusal is null) Volatile.Write(ref _subscription, subscription);
        return refusal;
    }

    /// <summary>The first delivery attempt's answer is returned, so a simulated customer sees a refusal rather than a retry.</summary>
    public async Task<FakeDelivery> SendAsCustomerAsync(string brandAddress, string customer, string text, CancellationToken cancellationToken)
    {
        if (Subscription is not { } subscription) throw new InvalidOperationException("The fake ACS resource has no Event Grid subscription yet.");
        if (!AcsSmsFakeRequest.IsPhoneNumber(customer)) return new FakeDelivery(0, $"'{customer}' is not a phone number in E.164 form (+ and digits), which ACS needs.");
        var now = time.GetUtcNow();
        var body = AcsEventGridEvents.ReceivedBody(_options.ResourceName, AcsEventGridEvents.IncomingId(now), customer, brandAddress, text, now);
        return await subscription.DeliverAsync(body, 0, cancellationToken);
    }

    public IReadOnlyList<FakeOutbound> SentTo(string customer)
    {
        lock (_gate)
        {
            return [.. _sent.Where(s => s.To == customer)
                .Select(s => new FakeOutbound(s.MessageId, s.From, s.To, s.Message, s.At, _reported.GetValueOrDefault(s.MessageId, "sent")))];
        }
    }

    /// <summary>
    /// The carrier's report, posted after <see cref="AcsSmsFakeOptions.DeliveryReportDelay"/> and retried on Event Grid's
    /// terms: again after a failure of ours or a 5xx, never after 400, 401 or 413, which Event Grid drops.
    /// </summary>
    private void ReportLater(AcsFakeSms sms)
    {
        if (Subscription is not { } subscription) return;
        var stopping = _stopping.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_options.DeliveryReportDelay, time, stopping);
                for (var attempt = 0; ; attempt++)
                {
                    var body = AcsEventGridEvents.ReportBody(_options.ResourceName, sms, delivered: true, "No error.", time.GetUtcNow());
                    var answer = await subscription.DeliverAsync(body, attempt, stopping);
                    if (answer.Accepted)
                    {
                        lock (_gate) _reported[sms.MessageId] = "delivered";
                        return;
                    }
                    if (answer.Status is 400 or 401 or 413 || attempt >= Retries.Length) return;
                    await Task.Delay(Retries[attempt], time, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { } // the fake is going away
        }, stopping);
    }

    /// <summary>Stops the reports still waiting to go out (the source is only cancelled, so a send racing this finds it usable).</summary>
    public void Dispose() => _stopping.Cancel();
}
