using Inbox.Silo.Contacts;
using Xunit;

namespace Inbox.Silo.Tests.Contacts;

public class PhoneNumberNormalizationTests
{
    [Theory]
    [InlineData("+1 (425) 555-0123")]
    [InlineData("+1.425.555.0123")]
    [InlineData("+1-425-555-0123")]
    [InlineData("  +14255550123  ")]
    [InlineData("+1 425/555 0123")]
    public void PunctuationAroundAnInternationalNumberIsDropped(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal("+14255550123", e164);
    }

    [Theory]
    [InlineData("14255550123", "+14255550123")]
    [InlineData("447946095812", "+447946095812")]
    [InlineData("5511987654321", "+5511987654321")]
    public void AWhatsAppIdWithoutPlusGetsOne(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("001 425 555 0123", "+14255550123")]
    [InlineData("00 44 20 7946 0958", "+442079460958")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    public void TheDoubleZeroInternationalPrefixActsLikePlus(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void TheDoubleZeroPrefixWinsOverTheDefaultCountry()
    {
        Assert.Equal("+442079460958", PhoneNumbers.Normalize("00 44 20 7946 0958", "1"));
    }

    [Theory]
    [InlineData("+44 (0)20 7946 0958")]
    [InlineData("+44(0)2079460958")]
    [InlineData("0044 (0)20 7946 0958")]
    public void TheTrunkZeroInParenthesesIsDropped(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal("+442079460958", e164);
    }

    [Theory]
    [InlineData("tel:+1-425-555-0123")]
    [InlineData("TEL:+1-425-555-0123")]
    [InlineData("tel: +1 425 555 0123")]
    public void ATelUriIsUnwrapped(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal("+14255550123", e164);
    }

    [Theory]
    [InlineData("(425) 555-0123", "1", "+14255550123")]
    [InlineData("425.555.0123", "+1", "+14255550123")]
    [InlineData("30 1234 5678", "49", "+493012345678")]
    public void ANationalNumberTakesTheDefaultCountry(string input, string country, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164, country));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("020 7946 0958", "44", "+442079460958")]
    [InlineData("(020) 7946-0958", "44", "+442079460958")]
    [InlineData("030 1234 5678", "49", "+493012345678")]
    public void ANationalTrunkZeroIsDroppedBeforeTheDefaultCountry(string input, string country, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164, country));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("1 (425) 555-0123", "1", "+14255550123")]
    [InlineData("14255550123", "1", "+14255550123")]
    [InlineData("44 20 7946 0958", "44", "+442079460958")]
    public void ANumberThatAlreadyStartsWithTheDefaultCountryKeepsIt(string input, string country, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164, country));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void ABrazilianNationalNumberWhoseAreaCodeEqualsTheCountryCodeStillGetsTheCountry()
    {
        // DDD 55 (Rio Grande do Sul) looks like Brazil's country code but is too short to include it.
        Assert.Equal("+5555987654321", PhoneNumbers.Normalize("(55) 98765-4321", "55"));
    }

    [Fact]
    public void AnInternationalNumberIgnoresTheDefaultCountry()
    {
        Assert.Equal("+442079460958", PhoneNumbers.Normalize("+44 20 7946 0958", "1"));
    }

    [Theory]
    [InlineData("+55 11 8765-4321", "+5511987654321")]
    [InlineData("551187654321", "+5511987654321")]
    [InlineData("+55 21 6123-4567", "+5521961234567")]
    [InlineData("+55 31 7123-4567", "+5531971234567")]
    [InlineData("+55 99 9123-4567", "+5599991234567")]
    public void AnEightDigitBrazilianMobileGetsTheNinthDigit(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void AnEightDigitBrazilianMobileGetsTheNinthDigitWithTheDefaultCountry()
    {
        Assert.Equal("+5511987654321", PhoneNumbers.Normalize("(11) 8765-4321", "55"));
        Assert.Equal("+5511987654321", PhoneNumbers.Normalize("0 11 8765-4321", "55"));
    }

    [Theory]
    [InlineData("5511987654321")]
    [InlineData("+55 11 98765-4321")]
    public void ANineDigitBrazilianMobileIsLeftAsIs(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal("+5511987654321", e164);
    }

    [Theory]
    [InlineData("+55 11 3456-7890", "+551134567890")]
    [InlineData("+55 11 2456-7890", "+551124567890")]
    [InlineData("+55 21 4456-7890", "+552144567890")]
    [InlineData("+55 61 5456-7890", "+556154567890")]
    public void ABrazilianLandlineIsLeftAlone(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void TheNinthDigitRuleOnlyAppliesToBrazil()
    {
        // Same digit shape as a Brazilian legacy mobile, but country code 56 (Chile).
        Assert.Equal("+561187654321", PhoneNumbers.Normalize("+56 11 8765 4321"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("tel:")]
    [InlineData("+")]
    [InlineData("1-800-FLOWERS")]
    [InlineData("+1 425 555 0123 ext 7")]
    [InlineData("tel:+1-425-555-0123;ext=7")]
    [InlineData("jane@example.com")]
    [InlineData("+1 425 555+0123")]
    [InlineData("++14255550123")]
    public void SomethingThatIsNotAPhoneNumberIsRejected(string? input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, out var e164));
        Assert.Equal(string.Empty, e164);
    }

    [Theory]
    [InlineData("+1 234 567")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("001234567890123456")]
    [InlineData("1234567890123456")]
    public void ANumberWithTooFewOrTooManyDigitsIsRejected(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, out _));
    }

    [Fact]
    public void TheDefaultCountryCountsTowardsTheFifteenDigitLimit()
    {
        Assert.True(PhoneNumbers.TryNormalize("1234 5678 9012 3", out var e164, "49"));
        Assert.Equal("+491234567890123", e164);
        Assert.False(PhoneNumbers.TryNormalize("1234 5678 9012 34", out _, "49"));
    }

    [Theory]
    [InlineData("+0 425 555 0123")]
    [InlineData("+044 20 7946 0958")]
    [InlineData("000 44 20 7946 0958")]
    [InlineData("020 7946 0958")]
    public void ACountryCodeStartingWithZeroIsRejected(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, out _));
    }

    [Theory]
    [InlineData("4255550123")]
    [InlineData("(425) 555-0123")]
    public void AShortNumberWithoutCountryOrDefaultIsRejected(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1234")]
    [InlineData("001")]
    [InlineData("abc")]
    public void AnInvalidDefaultCountryIsAProgrammingError(string country)
    {
        Assert.Throws<ArgumentException>(() => PhoneNumbers.TryNormalize("425 555 0123", out _, country));
    }

    [Fact]
    public void ADefaultCountryMayBeWrittenWithPlus()
    {
        Assert.Equal("+14255550123", PhoneNumbers.Normalize("425 555 0123", "+1"));
    }

    [Fact]
    public void ABlankDefaultCountryMeansNoDefault()
    {
        Assert.False(PhoneNumbers.TryNormalize("425 555 0123", out _, " "));
        Assert.True(PhoneNumbers.TryNormalize("14255550123", out var e164, ""));
        Assert.Equal("+14255550123", e164);
    }

    [Fact]
    public void NormalizeReturnsTheE164Form()
    {
        Assert.Equal("+14255550123", PhoneNumbers.Normalize("tel:+1-425-555-0123"));
        Assert.Equal("+14255550123", PhoneNumbers.Normalize("(425) 555-0123", "1"));
    }

    [Fact]
    public void NormalizeThrowsAReadableFormatException()
    {
        var error = Assert.Throws<FormatException>(() => PhoneNumbers.Normalize("abc"));
        Assert.Equal("'abc' is not a phone number", error.Message);
    }

    [Theory]
    [InlineData("+1 (425) 555-0123")]
    [InlineData("14255550123")]
    [InlineData("tel:+1-425-555-0123")]
    [InlineData("425-555-0123")]
    [InlineData("+44 (0)20 7946 0958")]
    [InlineData("12345678")]
    [InlineData("123456789012345")]
    public void LooksLikePhoneNumberAcceptsPhoneShapedText(string input)
    {
        Assert.True(PhoneNumbers.LooksLikePhoneNumber(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("Order #12345678")]
    [InlineData("jane@example.com")]
    [InlineData("1234567")]
    [InlineData("1234567890123456")]
    [InlineData("1 425 555+0123")]
    public void LooksLikePhoneNumberRejectsEverythingElse(string? input)
    {
        Assert.False(PhoneNumbers.LooksLikePhoneNumber(input));
    }
}
