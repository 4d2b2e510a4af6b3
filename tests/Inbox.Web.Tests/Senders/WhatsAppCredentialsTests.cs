using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;
using Inbox.Web.Senders;

namespace Inbox.Web.Tests.Senders;

/// <summary>What a WhatsApp business account's credentials allow, and which fetched templates a number takes, decided without the runtime.</summary>
public sealed class WhatsAppCredentialsTests
{
    private const string Token = "EAAG-secret-token-value-9876";
    private static readonly ProviderOptions.MetaOptions Meta = new() { GraphApiBase = "https://graph.facebook.com", GraphApiVersion = "v24.0" };

    [Fact]
    public void ATokenMakesAnAccountOnTheConfiguredGraphAndVersion()
    {
        var usable = Assert.IsType<WhatsAppCredentials.Usable>(WhatsAppCredentials.Decide("acc_1",
            new Dictionary<string, string> { ["accessToken"] = $" {Token} ", ["businessAccountId"] = "1029" }, Meta));

        Assert.Equal((Token, "1029", "v24.0"), (usable.Account.AccessToken, usable.Account.BusinessAccountId, usable.Account.Version));
        Assert.Equal("https://graph.facebook.com/v24.0/1065/messages", usable.Account.Graph("1065/messages").ToString());
        Assert.DoesNotContain(Token, usable.Account.ToString());
    }

    [Theory]
    [InlineData(null, "no 'accessToken'")]
    [InlineData("  ", "no 'accessToken'")]
    [InlineData("EAAG two parts", "white space")]
    public void AMissingOrMalformedTokenSaysWhichAndNeverShowsIt(string? token, string reason)
    {
        var found = new Dictionary<string, string>();
        if (token is not null) found["accessToken"] = token;

        var result = Assert.IsType<WhatsAppCredentials.Unusable>(WhatsAppCredentials.Decide("acc_1", found, Meta)).Result;

        var (_, shown) = Outbox.Failure(result)!.Value;
        Assert.Contains(reason, shown);
        Assert.Contains("acc_1", shown);
        if (token is { Length: > 3 }) Assert.DoesNotContain(token, shown);
    }

    [Fact]
    public void OnlyApprovedTemplatesWithNumberedPlaceholdersAreTakenAndTheRestSayWhy()
    {
        var (usable, skipped) = WhatsAppTemplateSync.Choose(
        [
            new("order_update", "en_US", "APPROVED", "UTILITY", "Hi {{1}}, order {{2}}"),
            new("greeting", "fr_FR", "approved", "MARKETING", "Bonjour"),
            new("pending_one", "en_US", "PENDING", "UTILITY", "Soon {{1}}"),
            new("named", "en_US", "APPROVED", "UTILITY", "Hi {{first_name}}"),
            new("header_only", "en_US", "APPROVED", "UTILITY", null),
            new("gappy", "en_US", "APPROVED", "UTILITY", "Hi {{2}}"),
        ]);

        Assert.Equal(["order_update/en_US", "greeting/fr_FR"], usable.Select(t => $"{t.Name}/{t.Language}"));
        Assert.Equal(2, usable[0].Parameters);
        Assert.Equal(["pending_one", "named", "header_only", "gappy"], skipped.Select(s => s.Name));
        Assert.Contains("PENDING", skipped[0].Reason);
        Assert.Contains("named parameters", skipped[1].Reason);
        Assert.Contains("no body", skipped[2].Reason);
        Assert.Contains("without gaps", skipped[3].Reason);
    }

    [Fact]
    public void TheTokenGoesToHttpsOrTheGraphsOwnHostOnly()
    {
        var account = new WhatsAppAccount(new Uri("http://127.0.0.1:5000"), "v23.0", Token, null);

        Assert.True(account.MayCarryToken(new Uri("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1")));
        Assert.True(account.MayCarryToken(new Uri("http://127.0.0.1:5000/whatsapp_business/attachments/?mid=1")));
        Assert.False(account.MayCarryToken(new Uri("http://evil.example/steal")));
    }
}
