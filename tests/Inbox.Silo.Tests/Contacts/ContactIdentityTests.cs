using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Tests.Contacts;

public sealed class ContactIdentityTests
{
    [Theory]
    [InlineData("72345")]
    [InlineData("898")]
    [InlineData(" 12345678 ")]
    public void AnSmsShortCodeIsAnIdentityOfItsOwn(string address) =>
        Assert.Equal(new ContactIdentity(ContactIdentity.ShortCode, address.Trim()), ContactIdentities.From(Channel.Sms, address, "1"));

    [Theory]
    [InlineData("CONTOSO")]
    [InlineData("Bank-Alerts")]
    [InlineData("Amazon.de")]
    [InlineData("M&S")]
    [InlineData("Contoso Ltd")]
    [InlineData("O2")]
    public void AnAlphanumericSenderIdIsKeptAsSent(string address) =>
        Assert.Equal(new ContactIdentity(ContactIdentity.Alphanumeric, address), ContactIdentities.From(Channel.Sms, address, "44"));

    [Theory]
    [InlineData("not a number!")]
    [InlineData("ContosoAlerts")] // 13 characters: longer than the originator field holds
    [InlineData("jane@example.com")]
    [InlineData("12")]
    [InlineData("-CONTOSO")]
    [InlineData("1-800-FLOWERS")]
    public void AnSmsSenderNoRuleCanReadIsRefused(string address) =>
        Assert.Equal("bad_sender", Assert.Throws<DomainException>(() => ContactIdentities.From(Channel.Sms, address, "1")).Code);

    [Fact]
    public void OnWhatsAppOnlyAPhoneNumberIsASender()
    {
        Assert.Equal("bad_phone_number", Assert.Throws<DomainException>(() => ContactIdentities.From(Channel.WhatsApp, "CONTOSO", "1")).Code);
        Assert.Equal("bad_phone_number", Assert.Throws<DomainException>(() => ContactIdentities.From(Channel.WhatsApp, "72345", "1")).Code);
    }

    [Theory]
    [InlineData(Channel.Sms, "425 555 0123", "1", "+14255550123")]
    [InlineData(Channel.Sms, "07700 900123", "44", "+447700900123")]
    [InlineData(Channel.Sms, "+44 7700 900123", "1", "+447700900123")]
    [InlineData(Channel.WhatsApp, "(425) 555-0123", "1", "+14255550123")]
    [InlineData(Channel.WhatsApp, "07700 900123", "44", "+447700900123")]
    public void ANationalNumberIsReadInTheCountryOfTheNumberThatReceivedIt(Channel channel, string address, string country, string e164) =>
        Assert.Equal(new ContactIdentity(ContactIdentity.Phone, e164), ContactIdentities.From(channel, address, country));

    [Fact]
    public void AWhatsAppIdIsInternationalEvenWhereItWouldAlsoReadAsANationalNumber() =>
        Assert.Equal("+447946095812", ContactIdentities.From(Channel.WhatsApp, "447946095812", "1").Value);

    [Fact]
    public void AShortDigitStringThatIsAnAssignedNationalNumberThereIsThatNumber() =>
        // Danish numbers have eight digits and no area code: 20 12 34 56 is a mobile, not a short code.
        Assert.Equal(new ContactIdentity(ContactIdentity.Phone, "+4520123456"), ContactIdentities.From(Channel.Sms, "20123456", "45"));

    [Fact]
    public void AnAlphanumericSenderIdCannotReceive()
    {
        var refusal = ContactIdentities.CannotReceive(Channel.Sms, "CONTOSO");

        Assert.Equal(("cannot_receive", DomainErrorKind.Refused), (refusal?.Code, refusal?.Kind));
        Assert.Contains("cannot receive", refusal!.Message);
    }

    [Theory]
    [InlineData(Channel.Sms, "72345")]
    [InlineData(Channel.Sms, "+14255550123")]
    [InlineData(Channel.Messenger, "CONTOSO")] // a PSID is not a sender id, whatever it looks like
    public void ShortCodesNumbersAndOtherChannelsCanReceive(Channel channel, string address) =>
        Assert.Null(ContactIdentities.CannotReceive(channel, address));

    [Fact]
    public void TheHomeCountryIsTheCountryOfTheNumbersPhoneNumber()
    {
        NumberView Number(Channel channel, string address, string? display) =>
            new($"{channel.Wire()}:{address}", "brd_1", channel, address, display, Purpose.Support, null, "sandbox", 1, 1, null, DateTimeOffset.UnixEpoch);

        Assert.Equal("1", NumberRules.HomeCountry(Number(Channel.Sms, "+14255550100", null)));
        Assert.Equal("44", NumberRules.HomeCountry(Number(Channel.WhatsApp, "106540352242922", "+447700900100")));
        Assert.Null(NumberRules.HomeCountry(Number(Channel.Telegram, "123456", null)));
    }
}
