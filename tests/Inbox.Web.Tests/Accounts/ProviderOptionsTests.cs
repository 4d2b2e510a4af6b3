using Inbox.Web.Accounts;
using Microsoft.Extensions.Configuration;

namespace Inbox.Web.Tests.Accounts;

/// <summary>Provider settings that cannot be used are refused at start, naming the setting and never echoing a secret.</summary>
public sealed class ProviderOptionsTests
{
    [Theory]
    [InlineData("Meta:GraphApiBase", "graph.facebook.com", "Inbox:Providers:Meta:GraphApiBase")]
    [InlineData("Meta:GraphApiVersion", "version-9", "Inbox:Providers:Meta:GraphApiVersion")]
    [InlineData("Telegram:ApiBase", "ftp://api.telegram.org", "Inbox:Providers:Telegram:ApiBase")]
    [InlineData("Telegram:ApiBase", "http://127.0.0.1:8081/telegram", "without a path")]
    [InlineData("Meta:Apps:main:AppSecret", "a secret without its verify token", "Inbox:Providers:Meta:Apps:main")]
    public void ASettingThatCannotBeUsedIsNamed(string key, string value, string named)
    {
        var problem = Bind(new() { [key] = value }).Problem();

        Assert.NotNull(problem);
        Assert.Contains(named, problem);
        Assert.DoesNotContain(value, problem);
    }

    [Fact]
    public void TheDefaultsPointAtTheRealProvidersAndAnyCompatibleServerMayBeNamed()
    {
        var defaults = Bind([]);
        Assert.Null(defaults.Problem());
        Assert.Equal(("https://graph.facebook.com", "https://api.telegram.org"), (defaults.Meta.GraphApiBase, defaults.Telegram.ApiBase));

        var fake = Bind(new() { ["Meta:GraphApiBase"] = "http://127.0.0.1:5099", ["Meta:GraphApiVersion"] = "v19.0", ["Accounts:acc_1:accessToken"] = "t" });
        Assert.Null(fake.Problem());
        Assert.Equal(("http://127.0.0.1:5099", "v19.0", "t"), (fake.Meta.GraphApiBase, fake.Meta.GraphApiVersion, fake.Accounts["acc_1"]["accessToken"]));
    }

    private static ProviderOptions Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Get<ProviderOptions>() ?? new ProviderOptions();
}
