using Inbox.Connectors.Telegram;
using Inbox.Silo.Outbound;
using Inbox.Web.Senders;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Senders;

/// <summary>Which Bot API server and token a Telegram bot account's credentials give, decided without a server; reasons never carry the token.</summary>
public sealed class TelegramBotAccountTests
{
    private const string Token = "7000000001:AAsecret-part";

    private static readonly TelegramBotConnection Instance = new("https://api.telegram.org", TimeSpan.FromSeconds(10),
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpMessageHandlerFactory>(),
        new TelegramChatPacer(), TimeProvider.System, uploads: null);

    [Fact]
    public void Without_an_apiBase_the_bot_is_on_the_instances_server()
    {
        var (bot, problem) = TelegramBotAccount.Decide(Instance, "acc_1", new Dictionary<string, string> { ["botToken"] = $" {Token}\n" });

        Assert.Null(problem);
        Assert.Equal(Token, bot!.Token);
        Assert.Same(Instance, bot.Connection);
    }

    [Fact]
    public void An_apiBase_of_its_own_is_a_connection_to_that_server_sharing_the_pacer()
    {
        var (bot, _) = TelegramBotAccount.Decide(Instance, "acc_1", new Dictionary<string, string> { ["botToken"] = Token, ["apiBase"] = "http://127.0.0.1:8081/" });

        Assert.Equal("http://127.0.0.1:8081", bot!.Connection.ApiBase);
        Assert.Same(Instance.Pacer, bot.Connection.Pacer);
    }

    [Theory]
    [InlineData(null, null, "botToken")]
    [InlineData(" ", null, "botToken")]
    [InlineData(Token, "ftp://bots.example", "apiBase")]
    [InlineData(Token, "not a url", "apiBase")]
    [InlineData(Token, "http://127.0.0.1:8081/bots/", "without a path")]
    public void A_missing_token_or_a_bad_apiBase_is_no_sender_naming_it(string? token, string? apiBase, string named)
    {
        var found = new Dictionary<string, string>();
        if (token is not null) found["botToken"] = token;
        if (apiBase is not null) found["apiBase"] = apiBase;

        var (bot, problem) = TelegramBotAccount.Decide(Instance, "acc_1", found);

        Assert.Null(bot);
        var reason = Assert.IsType<SendResult.NoSender>(problem).Reason;
        Assert.Contains(named, reason);
        Assert.Contains("acc_1", reason);
        Assert.DoesNotContain("secret-part", reason);
    }
}
