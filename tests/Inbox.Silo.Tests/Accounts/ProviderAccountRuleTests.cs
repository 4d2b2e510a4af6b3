using Inbox.Silo.Access;
using Inbox.Silo.Accounts;

namespace Inbox.Silo.Tests.Accounts;

/// <summary>Who may use, see and change a provider account, as plain rules.</summary>
public sealed class ProviderAccountRuleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ABrandsOwnAccountServesThatBrandOnly()
    {
        var account = new ProviderAccountView("acc_1", ProviderAccountKind.TelegramBot, "bot", "brd_a", [], At);

        Assert.True(account.UsableBy("brd_a"));
        Assert.False(account.UsableBy("brd_b"));
    }

    [Fact]
    public void TheOwnersAccountServesTheBrandsItIsSharedWith()
    {
        var account = new ProviderAccountView("acc_1", ProviderAccountKind.MetaApp, "app", null, ["brd_a"], At);

        Assert.True(account.UsableBy("brd_a"));
        Assert.False(account.UsableBy("brd_b"));
        Assert.True(account.ManageableBy(Caller.Owner()));
        Assert.False(account.ManageableBy(Caller.ForApiKey("ops", "brd_a", Role.Admin)));
        Assert.True(account.VisibleTo(Caller.ForApiKey("ops", "brd_a", Role.Supervisor)));
        Assert.False(account.VisibleTo(Caller.ForApiKey("ops", "brd_b", Role.Admin)));
    }

    [Fact]
    public void ABrandsAdminManagesItsOwnAccountAndASupervisorDoesNot()
    {
        var account = new ProviderAccountView("acc_1", ProviderAccountKind.AcsResource, "acs", "brd_a", [], At);

        Assert.True(account.ManageableBy(Caller.ForApiKey("ops", "brd_a", Role.Admin)));
        Assert.False(account.ManageableBy(Caller.ForApiKey("ops", "brd_a", Role.Supervisor)));
    }

    [Fact]
    public void ABuiltInAccountServesEveryBrandAndIsNobodysToChange()
    {
        var sandbox = new ProviderAccountView("sandbox", ProviderAccountKind.BuiltIn, "sandbox", null, [], At);

        Assert.True(sandbox.UsableBy("brd_any"));
        Assert.False(sandbox.ManageableBy(Caller.Owner()));
    }
}
