using Inbox.Silo.Compliance;
using Xunit;

namespace Inbox.Silo.Tests.Compliance;

public class PhoneTimeZoneTests
{
    [Fact]
    public void SingleZoneAreaCodeReturnsItsZone()
    {
        Assert.Equal(new[] { "America/New_York" }, PhoneTimeZones.ZonesFor("+12125550123"));
    }

    [Theory]
    [InlineData("+18505550123", "America/Chicago", "America/New_York")]
    [InlineData("+12085550123", "America/Boise", "America/Los_Angeles")]
    public void AreaCodeSpanningTwoZonesReturnsBoth(string number, string first, string second)
    {
        var zones = PhoneTimeZones.ZonesFor(number);

        Assert.Equal(2, zones.Count);
        Assert.Contains(first, zones);
        Assert.Contains(second, zones);
    }

    [Fact]
    public void NewfoundlandAreaCodeIncludesStJohns()
    {
        // 709 also covers Labrador, most of which keeps Atlantic time.
        Assert.Equal("America/St_Johns", PhoneTimeZones.ZonesFor("+17095550123")[0]);
    }

    [Fact]
    public void PhoenixAreaCodeIsArizonaTimeWithoutDaylightSaving()
    {
        Assert.Equal(new[] { "America/Phoenix" }, PhoneTimeZones.ZonesFor("+16025550123"));
    }

    [Fact]
    public void IndianNumberIsKolkata()
    {
        Assert.Equal(new[] { "Asia/Kolkata" }, PhoneTimeZones.ZonesFor("+919876543210"));
    }

    [Fact]
    public void AustralianNumberReturnsSeveralZones()
    {
        var zones = PhoneTimeZones.ZonesFor("+61412345678");

        Assert.True(zones.Count > 3);
        Assert.Contains("Australia/Perth", zones);
        Assert.Contains("Australia/Sydney", zones);
    }

    [Fact]
    public void KazakhNumberWinsOverRussiaBecauseTheLongerPrefixMatches()
    {
        Assert.Contains("Asia/Almaty", PhoneTimeZones.ZonesFor("+77011234567"));
        Assert.Contains("Europe/Moscow", PhoneTimeZones.ZonesFor("+74951234567"));
    }

    [Fact]
    public void FormattedNumberIsAccepted()
    {
        Assert.Equal(PhoneTimeZones.ZonesFor("+442079460958"), PhoneTimeZones.ZonesFor(" +44 (20) 7946-0958 "));
        Assert.Contains("Europe/London", PhoneTimeZones.ZonesFor("+442079460958"));
    }

    [Theory]
    [InlineData("+8085550123")]    // 808: international freephone, no place
    [InlineData("+18005550123")]   // 800: NANP toll-free, no place
    [InlineData("+1")]
    [InlineData("12125550123")]    // no '+': not E.164
    [InlineData("+1212abc0123")]
    [InlineData("")]
    public void UnknownOrMalformedNumberReturnsNoZones(string number)
    {
        Assert.Empty(PhoneTimeZones.ZonesFor(number));
    }

    [Theory]
    [InlineData("+919876543210", "Asia/Kolkata")]
    [InlineData("+9779841234567", "Asia/Kathmandu")]
    [InlineData("+541112345678", "America/Argentina/Buenos_Aires")]
    [InlineData("+298211234", "Atlantic/Faroe")]
    public void AZoneIanaRenamedComesUnderItsCurrentName(string number, string zone)
    {
        Assert.Contains(zone, PhoneTimeZones.ZonesFor(number));
    }

    [Theory]
    [InlineData("+12125550123")]
    [InlineData("+61412345678")]
    [InlineData("+77011234567")]
    [InlineData("+5511987654321")]
    [InlineData("+14255550123")]
    [InlineData("+525512345678")]
    [InlineData("+8613812345678")]
    public void EveryZoneGivenIsOneThisMachineCanConvertTo(string number)
    {
        var zones = PhoneTimeZones.ZonesFor(number);

        Assert.NotEmpty(zones);
        Assert.Equal(zones.Count, zones.Distinct().Count());
        Assert.All(zones, zone => TimeZoneInfo.FindSystemTimeZoneById(zone));
    }
}
