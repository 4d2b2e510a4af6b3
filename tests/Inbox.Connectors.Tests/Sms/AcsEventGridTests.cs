using System.Collections.Concurrent;
using Inbox.Connectors;
using Inbox.Connectors.Fakes.Sms;
using Inbox.Connectors.Sms;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>
/// The fake resource calling back as Event Grid does, to a receiver on loopback that reads each delivery with the
/// app's own parser (Azure's Event Grid types): the validation handshake first, customers' texts, delivery reports
/// only for sends that asked, retried after a 503 and never after a 401.
/// </summary>
public sealed class AcsEventGridTests
{
    private const string Number = "+18005550100";
    private const string Customer = "+14255550123";

    /// <summary>A webhook on the fake's own server: answers the handshake, then the scripted statuses (200 once they run out).</summary>
    private sealed class Receiver
    {
        public ConcurrentQueue<int> Answers { get; } = new();
        public ConcurrentQueue<(IReadOnlyList<InboundEvent> Events, string DeliveryCount, string Type)> Deliveries { get; } = new();
        public bool EchoValidation { get; set; } = true;

        public void Map(WebApplication app) => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var type = request.Headers["aeg-event-type"].ToString();
            switch (AcsSmsEvents.Parse(BinaryData.FromBytes(buffer.ToArray())))
            {
                case WebhookParse.Handshake handshake:
                    return EchoValidation ? Results.Ok(new { validationResponse = handshake.ValidationCode }) : Results.Ok();
                case WebhookParse.Parsed parsed:
                    Deliveries.Enqueue((parsed.Events, request.Headers["aeg-delivery-count"].ToString(), type));
                    return Answers.TryDequeue(out var status) ? Results.Problem(statusCode: status, detail: $"scripted {status}") : Results.Ok();
                default:
                    return Results.BadRequest();
            }
        });
    }

    private static async Task<(AcsSmsFakeServer Acs, Receiver Receiver)> StartAsync(bool subscribe = true)
    {
        var receiver = new Receiver();
        var acs = await AcsFakeServer.StartAsync(new AcsSmsFakeOptions { AccessKeys = [AcsFakeServer.Key], DeliveryReportDelay = TimeSpan.FromMilliseconds(50) },
            more: receiver.Map);
        if (subscribe) Assert.Null(await acs.Fake.SubscribeAsync(Hook(acs), new HttpClient(), CancellationToken.None));
        return (acs, receiver);
    }

    private static Uri Hook(AcsSmsFakeServer acs) => new(acs.Endpoint, "/hook?secret=s3cret");

    private static AcsSmsFakeRequest Send(bool report) =>
        new(Number, [new AcsSmsFakeRequest.Recipient(Customer, null, null, null)], "Your table is ready.", report, "cnv_1");

    private static async Task<T> Within<T>(Func<T?> read, string what) where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (read() is { } value) return value;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}");
    }

    [Fact]
    public async Task A_customers_text_arrives_as_SMSReceived_from_the_customer_to_the_number_and_the_answer_comes_back()
    {
        var (acs, receiver) = await StartAsync();
        await using var _ = acs;

        var answer = await acs.Fake.SendAsCustomerAsync(Number, Customer, "HELP", CancellationToken.None);

        Assert.True(answer.Accepted);
        var (events, count, type) = Assert.Single(receiver.Deliveries);
        var received = Assert.Single(events);
        Assert.Equal((InboundKind.Message, Channel.Sms, Number, Customer, "HELP"), (received.Kind, received.Channel, received.NumberAddress, received.SenderAddress, received.Text));
        Assert.StartsWith("Incoming_", received.ProviderMessageId);
        Assert.Equal(("0", "Notification"), (count, type));
    }

    [Fact]
    public async Task A_refusal_is_returned_with_its_status_and_the_problems_words()
    {
        var (acs, receiver) = await StartAsync();
        await using var _ = acs;
        receiver.Answers.Enqueue(401);

        var answer = await acs.Fake.SendAsCustomerAsync(Number, Customer, "hello", CancellationToken.None);

        Assert.Equal((401, "scripted 401"), (answer.Status, answer.Problem));
        Assert.False(answer.Accepted);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_echo_the_validation_code_gets_no_subscription()
    {
        var (acs, receiver) = await StartAsync(subscribe: false);
        await using var _ = acs;
        receiver.EchoValidation = false;

        Assert.Contains("without its validation code", await acs.Fake.SubscribeAsync(Hook(acs), new HttpClient(), CancellationToken.None));
        Assert.Null(acs.Fake.Subscription);
        await Assert.ThrowsAsync<InvalidOperationException>(() => acs.Fake.SendAsCustomerAsync(Number, Customer, "hello", CancellationToken.None));
    }

    [Fact]
    public async Task A_send_that_asked_for_a_report_is_reported_delivered_with_its_tag_and_shows_delivered()
    {
        var (acs, receiver) = await StartAsync();
        await using var _ = acs;

        acs.Fake.Send(Send(report: true));

        var sent = await Within(() => acs.Fake.SentTo(Customer).SingleOrDefault(s => s.Status == "delivered"), "the delivered tick");
        var report = Assert.Single(Assert.Single(receiver.Deliveries).Events);
        Assert.Equal((InboundKind.Status, Number, Customer, sent.ProviderMessageId, DeliveryStatus.Delivered),
            (report.Kind, report.NumberAddress, report.SenderAddress, report.ProviderMessageId, report.Status));
        Assert.Equal((Number, "Your table is ready."), (sent.From, sent.Text));
    }

    [Fact]
    public async Task A_send_without_a_report_request_is_never_reported_and_stays_sent()
    {
        var (acs, receiver) = await StartAsync();
        await using var _ = acs;

        acs.Fake.Send(Send(report: false));
        await Task.Delay(400);

        Assert.Empty(receiver.Deliveries);
        Assert.Equal("sent", Assert.Single(acs.Fake.SentTo(Customer)).Status);
    }

    [Fact]
    public async Task A_report_answered_503_is_delivered_again_with_a_higher_delivery_count()
    {
        var (acs, receiver) = await StartAsync();
        await using var _ = acs;
        receiver.Answers.Enqueue(503);

        acs.Fake.Send(Send(report: true));

        await Within(() => acs.Fake.SentTo(Customer).SingleOrDefault(s => s.Status == "delivered"), "the delivered tick after a retry");
        Assert.Equal(["0", "1"], receiver.Deliveries.Select(d => d.DeliveryCount));
    }

    [Fact]
    public async Task A_report_answered_401_is_dropped_as_Event_Grid_drops_it()
    {
        var (acs, receiver) = await StartAsync();
        await using var _ = acs;
        receiver.Answers.Enqueue(401);

        acs.Fake.Send(Send(report: true));
        await Task.Delay(1500);

        Assert.Single(receiver.Deliveries);
        Assert.Equal("sent", Assert.Single(acs.Fake.SentTo(Customer)).Status);
    }

    [Fact]
    public void Segments_follow_the_GSM_and_UCS2_limits()
    {
        Assert.Equal(1, AcsEventGridEvents.Segments(new string('a', 160)));
        Assert.Equal(2, AcsEventGridEvents.Segments(new string('a', 161)));
        Assert.Equal(1, AcsEventGridEvents.Segments(new string('é', 70)));
        Assert.Equal(2, AcsEventGridEvents.Segments(new string('é', 71)));
    }
}
