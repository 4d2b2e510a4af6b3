using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Tests.Compliance;

public sealed class KeywordTests
{
    [Theory]
    [InlineData("STOP", Keyword.Stop)]
    [InlineData("stop", Keyword.Stop)]
    [InlineData("Stop.", Keyword.Stop)]
    [InlineData(" STOP ", Keyword.Stop)]
    [InlineData("Unsubscribe!", Keyword.Stop)]
    [InlineData("cancel", Keyword.Stop)]
    [InlineData("End", Keyword.Stop)]
    [InlineData("QUIT", Keyword.Stop)]
    [InlineData("revoke", Keyword.Stop)]
    [InlineData("opt-out", Keyword.Stop)]
    [InlineData("OPTOUT", Keyword.Stop)]
    [InlineData("StopAll", Keyword.StopAll)]
    [InlineData("stop all", Keyword.StopAll)]
    [InlineData("START", Keyword.Start)]
    [InlineData("unstop", Keyword.Start)]
    [InlineData("Yes!", Keyword.Start)]
    [InlineData("help", Keyword.Help)]
    [InlineData("INFO?", Keyword.Help)]
    [InlineData("please stop texting me", Keyword.None)]
    [InlineData("stop by the store tomorrow", Keyword.None)]
    [InlineData("", Keyword.None)]
    public void AKeywordIsTheWholeMessageWhateverItsCaseAndPunctuation(string text, Keyword expected) => Assert.Equal(expected, Keywords.Classify(text));

    [Fact]
    public void ASentenceAskingToStopIsFlaggedButIsNotAKeyword()
    {
        Assert.True(Keywords.LooksLikeOptOut("please stop texting me"));
        Assert.True(Keywords.LooksLikeOptOut("Unsubscribe me from this list please"));
        Assert.False(Keywords.LooksLikeOptOut("STOP"));
        Assert.False(Keywords.LooksLikeOptOut("where is my order?"));
    }
}

public sealed class QuietHoursTests
{
    private static readonly QuietHoursPolicy Default = new();
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo Boise = TimeZoneInfo.FindSystemTimeZoneById("America/Boise");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public void AHalfHourOffsetZoneOpensAtItsOwnEightOClock()
    {
        var night = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero); // 07:30 in Kolkata

        Assert.False(QuietHours.AllowedInAll(Default, [Kolkata], night));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 30, 0, TimeSpan.Zero), QuietHours.NextOpening(Default, [Kolkata], night));
    }

    [Fact]
    public void ANumberInTwoZonesMustBeAllowedInBoth()
    {
        var early = new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero); // 08:30 in Boise, 07:30 in Los Angeles

        Assert.True(QuietHours.AllowedInAll(Default, [Boise], early));
        Assert.False(QuietHours.AllowedInAll(Default, [Boise, LosAngeles], early));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero), QuietHours.NextOpening(Default, [Boise, LosAngeles], early));
    }

    [Fact]
    public void ABrandMayCloseADayOrChangeItsHours()
    {
        var policy = new QuietHoursPolicy { Days = new Dictionary<DayOfWeek, DailyHours?> { [DayOfWeek.Sunday] = null, [DayOfWeek.Monday] = new(new(10, 0), new(18, 0)) } };
        var sundayNoon = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        Assert.False(QuietHours.AllowedInAll(policy, [TimeZoneInfo.Utc], sundayNoon));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), QuietHours.NextOpening(policy, [TimeZoneInfo.Utc], sundayNoon));
    }

    [Fact]
    public void ThePhoneNumberTellsTheZoneWhenTheContactDoesNot()
    {
        Assert.Equal(["Asia/Kolkata"], RecipientZones.Resolve(null, Channel.Sms, "+919812345678", "UTC").Select(z => z.Id));
        Assert.Equal(["Europe/Paris"], RecipientZones.Resolve("Europe/Paris", Channel.Sms, "+919812345678", "UTC").Select(z => z.Id));
        Assert.Equal(["America/Chicago"], RecipientZones.Resolve(null, Channel.Messenger, "psid-1", "America/Chicago").Select(z => z.Id));
        Assert.True(RecipientZones.Resolve(null, Channel.Sms, "+12085550123", "UTC").Count >= 2);
    }
}

public sealed class SendPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 17, 0, 0, TimeSpan.Zero); // 12:00 in New York
    private static readonly DateTimeOffset Night = new(2026, 11, 24, 4, 0, 0, TimeSpan.Zero); // 23:00 in New York
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static SendContext Context(Channel channel, DateTimeOffset now, DateTimeOffset? lastInbound, ConsentSnapshot? consent = null) =>
        new(channel, consent ?? ConsentSnapshot.None, now, lastInbound, [NewYork], new QuietHoursPolicy(), TimeSpan.FromHours(24));

    [Fact]
    public void WhatsAppFreeFormNeedsTheTwentyFourHourWindowButATemplateDoesNot()
    {
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(Context(Channel.WhatsApp, Noon, Noon.AddHours(-23))));
        Assert.Equal("window_closed", Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(Context(Channel.WhatsApp, Noon, Noon.AddHours(-25)))).Code);
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(Context(Channel.WhatsApp, Noon, Noon.AddHours(-25)) with { IsTemplate = true }));
    }

    [Fact]
    public void MessengerAllowsSevenDaysOnlyWithTheHumanAgentTag()
    {
        var sixDays = Context(Channel.Messenger, Noon, Noon.AddDays(-6));
        Assert.Equal("window_closed", Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(sixDays)).Code);
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(sixDays with { HumanAgentTag = true }));
        Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(Context(Channel.Messenger, Noon, Noon.AddDays(-8)) with { HumanAgentTag = true }));
    }

    [Fact]
    public void ATelegramBotMessagesOnlyPeopleWhoWroteToIt()
    {
        Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(Context(Channel.Telegram, Noon, null)));
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(Context(Channel.Telegram, Noon, Noon.AddDays(-30))));
    }

    [Fact]
    public void AfterAnOptOutOnlyKeywordAnswersGo()
    {
        var optedOut = Context(Channel.Sms, Noon, Noon.AddMinutes(-1), new ConsentSnapshot(true, false, false));

        Assert.Equal("opted_out", Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(optedOut)).Code);
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(optedOut with { IsKeywordReply = true }));
    }

    [Fact]
    public void StartingContactNeedsTheOptInOfItsPurpose()
    {
        var alert = Context(Channel.Sms, Noon, null) with { StartsContact = true, Purpose = Purpose.Alerts };
        var marketing = alert with { Purpose = Purpose.Marketing };

        Assert.Equal("no_consent", Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(alert)).Code);
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(alert with { Consent = new(false, true, false) }));
        Assert.Equal("no_consent", Assert.IsType<SendDecision.Refused>(SendPolicy.Decide(marketing with { Consent = new(false, true, false) })).Code);
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(marketing with { Consent = new(false, true, true) }));
    }

    [Fact]
    public void QuietHoursHoldMessagesThatStartContactButNotRepliesToARecentCustomer()
    {
        var reply = Context(Channel.Sms, Night, Night.AddHours(-2));
        var followUp = Context(Channel.Sms, Night, Night.AddDays(-3));
        var alert = followUp with { StartsContact = true, Purpose = Purpose.Alerts, Consent = new(false, true, false) };

        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(reply));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), Assert.IsType<SendDecision.Held>(SendPolicy.Decide(followUp)).Until);
        Assert.IsType<SendDecision.Held>(SendPolicy.Decide(alert));
        Assert.IsType<SendDecision.Allowed>(SendPolicy.Decide(alert with { Urgent = true }));
    }
}

public sealed class TemplateTests
{
    [Fact]
    public void ATemplateChecksItsParametersAndRendersThem()
    {
        var template = new MessageTemplate("order_update", "en_US", "Hi {{1}}, order {{2}} has shipped.").Validated();

        Assert.Equal("Hi Ana, order #1234 has shipped.", template.Render(["Ana", "#1234"]));
        Assert.Equal("template_parameters", Assert.Throws<DomainException>(() => template.Render(["Ana"])).Code);
        Assert.Equal("bad_placeholders", Assert.Throws<DomainException>(() => new MessageTemplate("x", "en", "{{1}} {{3}}").Validated()).Code);
        Assert.Equal("bad_template_name", Assert.Throws<DomainException>(() => new MessageTemplate("Order Update", "en", "hi").Validated()).Code);
    }
}
