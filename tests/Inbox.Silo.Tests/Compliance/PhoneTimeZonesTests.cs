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
    [InlineData(PhoneTimeZones.NanpResourceName, 3, 3)]
    [InlineData(PhoneTimeZones.CountryResourceName, 1, 3)]
    public void EveryRowHasAWellFormedUniqueCodeAndResolvableZones(string resourceName, int minDigits, int maxDigits)
    {
        // Read the raw resource: the loader silently drops unknown zones, which would hide bad data.
        using var stream = typeof(PhoneTimeZones).Assembly.GetManifestResourceStream(resourceName);
        Assert.NotNull(stream);
        var lines = new StreamReader(stream).ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var codes = new HashSet<string>();
        var problems = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var code = fields[0];
            if (fields.Length != 2 || code.Length < minDigits || code.Length > maxDigits || !code.All(char.IsAsciiDigit))
                problems.Add($"malformed row '{line}'");
            if (!codes.Add(code))
                problems.Add($"duplicate code {code}");

            var zones = fields.ElementAtOrDefault(1)?.Split(' ') ?? [];
            if (zones.Length == 0 || zones.Distinct().Count() != zones.Length)
                problems.Add($"empty or repeated zones for {code}");
            foreach (var zone in zones)
            {
                try { TimeZoneInfo.FindSystemTimeZoneById(zone); }
                catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    problems.Add($"{code}: unknown zone '{zone}'");
                }
            }
        }

        Assert.Empty(problems);
        Assert.True(codes.Count > 150, $"only {codes.Count} rows in {resourceName}");
        Assert.DoesNotContain("1", codes);
    }
}
