using System.Net;
using System.Net.Sockets;
using Inbox.Connectors.Fakes.Sms;
using Inbox.Connectors.Sms;
using Inbox.Silo.Channels;
using Inbox.Silo.Outbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>The ACS client against the faithful fake, both on real HTTP over loopback.</summary>
public sealed class AcsSmsClientTests
{
    private const string TollFree = "+18005550100";
    private const string Customer = "+14255550123";
    private static readonly DateTimeOffset FirstQueued = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    public static OutboundMessage Message(string key = "msg-1", string to = Customer, string from = TollFree, string? text = "Hello",
        int attempt = 1, string conversation = "conv-123") =>
        new(key, key, Channel.Sms, "acs-test", from, to, text, [], conversation, attempt, FirstQueued);

    private static AcsSmsClient Client(TimeSpan? timeout = null) =>
        new(new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) }, TimeProvider.System);

    [Fact]
    public async Task An_accepted_send_returns_the_fakes_message_id_and_reaches_it_from_the_right_number()
    {
        await using var acs = await AcsFakeServer.StartAsync();

        var result = await Client().SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(), CancellationToken.None);

        var accepted = Assert.IsType<SendResult.Accepted>(result);
        var sms = Assert.Single(acs.Fake.Sent);
        Assert.Equal(accepted.ProviderMessageId, sms.MessageId);
        Assert.StartsWith("Outgoing_", sms.MessageId);
        Assert.Equal((TollFree, Customer, "Hello", "conv-123", true), (sms.From, sms.To, sms.Message, sms.Tag, sms.DeliveryReport));
    }

    [Fact]
    public async Task The_client_registered_through_the_http_client_factory_sends()
    {
        await using var acs = await AcsFakeServer.StartAsync();
        await using var services = new ServiceCollection().AddAcsSmsClient().BuildServiceProvider();

        var client = services.GetRequiredService<AcsSmsClient>();

        Assert.IsType<SendResult.Accepted>(await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(), CancellationToken.None));
    }

    [Fact]
    public async Task The_sender_binds_an_accounts_endpoint_and_key_under_a_path_of_a_host()
    {
        await using var acs = await AcsFakeServer.StartAsync(prefix: "/fakes/acs/brand-a");
        IChannelSender sender = new AcsSmsSender(Client(), "acs-brand-a", acs.Endpoint, AcsFakeServer.SecondaryKey);

        var result = await sender.SendAsync(Message(), CancellationToken.None);

        Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal("acs-brand-a", sender.ProviderAccount);
        Assert.Single(acs.Fake.Sent);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_is_not_sent_twice()
    {
        await using var acs = await AcsFakeServer.StartAsync();
        var client = Client();

        var first = Assert.IsType<SendResult.Accepted>(await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(attempt: 1), CancellationToken.None));
        var retry = Assert.IsType<SendResult.Accepted>(await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(attempt: 2), CancellationToken.None));
        var other = Assert.IsType<SendResult.Accepted>(await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(key: "msg-2"), CancellationToken.None));

        Assert.Equal(first.ProviderMessageId, retry.ProviderMessageId);
        Assert.NotEqual(first.ProviderMessageId, other.ProviderMessageId);
        Assert.Equal(2, acs.Fake.Sent.Count); // the same text twice, under two keys, is two messages
    }

    [Fact]
    public async Task A_send_that_timed_out_after_reaching_acs_is_retried_without_a_second_text()
    {
        await using var acs = await AcsFakeServer.StartAsync();
        using var release = new ManualResetEventSlim();
        var stalls = 1;
        // The fake records the send, then its answer is held past the client's timeout: the text went out, the caller never heard.
        acs.Fake.Accepted += _ => { if (Interlocked.Exchange(ref stalls, 0) == 1) release.Wait(TimeSpan.FromSeconds(10)); };
        var impatient = Client(TimeSpan.FromMilliseconds(500));

        var timedOut = await impatient.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(), CancellationToken.None);
        release.Set();
        // The retry may come from another node's client; only the message is the same.
        var retry = await Client().SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(attempt: 2), CancellationToken.None);

        Assert.Contains("did not answer", Assert.IsType<SendResult.Transient>(timedOut).Reason);
        Assert.Equal(Assert.Single(acs.Fake.Sent).MessageId, Assert.IsType<SendResult.Accepted>(retry).ProviderMessageId);
    }

    [Fact]
    public async Task An_invalid_recipient_is_invalid_with_acs_own_words_and_nothing_is_sent()
    {
        await using var acs = await AcsFakeServer.StartAsync();

        var result = await Client().SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(to: "+1425555"), CancellationToken.None);

        Assert.Equal("Invalid To phone number format.", Assert.IsType<SendResult.Invalid>(result).Reason);
        Assert.Empty(acs.Fake.Sent);
    }

    [Fact]
    public async Task A_message_acs_refuses_as_a_whole_is_invalid()
    {
        await using var acs = await AcsFakeServer.StartAsync();

        var result = await Client().SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(text: new string('x', 2049)), CancellationToken.None);

        Assert.Contains("at most 2048 characters", Assert.IsType<SendResult.Invalid>(result).Reason);
        Assert.Empty(acs.Fake.Sent);
    }

    [Fact]
    public async Task A_wrong_key_is_an_auth_failure()
    {
        await using var acs = await AcsFakeServer.StartAsync();

        var wrongKey = await Client().SendAsync(acs.Endpoint, Convert.ToBase64String("not-this-resource's-key"u8), Message(), CancellationToken.None);
        var notBase64 = await Client().SendAsync(acs.Endpoint, "not base64!", Message(), CancellationToken.None);

        Assert.Contains("Denied", Assert.IsType<SendResult.AuthFailed>(wrongKey).Reason);
        Assert.IsType<SendResult.AuthFailed>(notBase64);
        Assert.Empty(acs.Fake.Sent);
    }

    [Fact]
    public async Task A_throttled_number_is_rate_limited_for_the_fakes_retry_after_while_another_number_sends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow); // frozen, so the fake's hint is exact; near now, so dates are fresh
        var options = new AcsSmsFakeOptions { AccessKeys = [AcsFakeServer.Key], PerMinute = { [TollFree] = 2 } };
        await using var acs = await AcsFakeServer.StartAsync(options, clock);
        var client = Client();

        Assert.IsType<SendResult.Accepted>(await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message("m1"), CancellationToken.None));
        Assert.IsType<SendResult.Accepted>(await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message("m2"), CancellationToken.None));
        var third = await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message("m3"), CancellationToken.None);
        var elsewhere = await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message("m4", from: "+18005550199"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<SendResult.RateLimited>(third).RetryAfter); // 2/min: one unit back in 30 s
        Assert.IsType<SendResult.Accepted>(elsewhere);
        Assert.Equal(["+18005550100", "+18005550100", "+18005550199"], acs.Fake.Sent.Select(s => s.From));
    }

    [Fact]
    public async Task A_server_error_is_transient_and_the_next_attempt_sends()
    {
        await using var acs = await AcsFakeServer.StartAsync();
        acs.Fake.FailNext(503);
        var client = Client();

        var failed = await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(), CancellationToken.None);
        var retried = await client.SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(attempt: 2), CancellationToken.None);

        Assert.IsType<SendResult.Transient>(failed);
        Assert.IsType<SendResult.Accepted>(retried);
        Assert.Single(acs.Fake.Sent);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var result = await Client().SendAsync(new Uri($"http://127.0.0.1:{port}/"), AcsFakeServer.Key, Message(), CancellationToken.None);

        Assert.Contains("could not be reached", Assert.IsType<SendResult.Transient>(result).Reason);
    }

    [Fact]
    public async Task An_answer_that_is_not_acs_is_transient_not_an_exception()
    {
        await using var proxy = await AcsFakeServer.StartAsync(prefix: "/acs", more: app =>
            app.MapPost("/portal/sms", () => Results.Content("<html>Gateway says hello</html>", "text/html", statusCode: 202)));

        var result = await Client().SendAsync(new Uri(proxy.Endpoint, "/portal"), AcsFakeServer.Key, Message(), CancellationToken.None);

        Assert.Contains("not a send result", Assert.IsType<SendResult.Transient>(result).Reason);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_thrown_not_reported()
    {
        await using var acs = await AcsFakeServer.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().SendAsync(acs.Endpoint, AcsFakeServer.Key, Message(), cancelled.Token));
    }

    [Fact]
    public async Task A_message_sms_cannot_carry_is_invalid_before_any_request()
    {
        var nowhere = new Uri("http://127.0.0.1:9/"); // the discard port: a request would fail as unreachable, not invalid
        var withMedia = Message() with { Media = [new("image", "media-1")] };

        var media = await Client().SendAsync(nowhere, AcsFakeServer.Key, withMedia, CancellationToken.None);
        var blank = await Client().SendAsync(nowhere, AcsFakeServer.Key, Message(text: "  "), CancellationToken.None);

        Assert.Contains("SMS carries text only", Assert.IsType<SendResult.Invalid>(media).Reason);
        Assert.Contains("needs text", Assert.IsType<SendResult.Invalid>(blank).Reason);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_an_http_address_means_no_sender() =>
        Assert.IsType<SendResult.NoSender>(await Client().SendAsync(new Uri("/relative", UriKind.Relative), AcsFakeServer.Key, Message(), CancellationToken.None));
}
