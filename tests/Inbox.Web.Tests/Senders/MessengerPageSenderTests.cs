using Inbox.Silo.Outbound;
using Inbox.Web.Senders;

namespace Inbox.Web.Tests.Senders;

/// <summary>What a Messenger Page account's credentials allow, decided without a server; reasons name the credential, never its value.</summary>
public sealed class MessengerPageSenderTests
{
    [Fact]
    public void A_page_id_and_token_are_usable_trimmed()
    {
        Assert.Equal(new MessengerPageSender.Usable("110011223344556", "EAAGtoken"),
            MessengerPageSender.Decide("acc_1", new Dictionary<string, string> { ["pageId"] = " 110011223344556 ", ["pageToken"] = "EAAGtoken\n" }));
    }

    [Theory]
    [InlineData(null, "EAAGtoken", "pageId")]
    [InlineData("", "EAAGtoken", "pageId")]
    [InlineData("contoso-page", "EAAGtoken", "digits")]
    [InlineData("110011223344556", null, "pageToken")]
    [InlineData("110011223344556", " ", "pageToken")]
    public void A_missing_or_malformed_credential_is_no_sender_naming_it(string? pageId, string? token, string named)
    {
        var found = new Dictionary<string, string>();
        if (pageId is not null) found["pageId"] = pageId;
        if (token is not null) found["pageToken"] = token;

        var unusable = Assert.IsType<MessengerPageSender.Unusable>(MessengerPageSender.Decide("acc_1", found));

        var reason = Assert.IsType<SendResult.NoSender>(unusable.Result).Reason;
        Assert.Contains(named, reason);
        Assert.Contains("acc_1", reason);
        Assert.DoesNotContain("EAAGtoken", reason);
    }
}
