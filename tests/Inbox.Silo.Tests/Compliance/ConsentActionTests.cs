using Inbox.Silo.Compliance;

namespace Inbox.Silo.Tests.Compliance;

public sealed class ConsentActionTests
{
    [Theory]
    [InlineData("optIn", ConsentAction.OptIn)]
    [InlineData("OPTIN", ConsentAction.OptIn)]
    [InlineData("opt_in", ConsentAction.OptIn)]
    [InlineData(" Opt_In ", ConsentAction.OptIn)]
    [InlineData("optInMarketing", ConsentAction.OptInMarketing)]
    [InlineData("opt_in_marketing", ConsentAction.OptInMarketing)]
    [InlineData("withdrawmarketing", ConsentAction.WithdrawMarketing)]
    [InlineData("withdraw_marketing", ConsentAction.WithdrawMarketing)]
    [InlineData("OptOut", ConsentAction.OptOut)]
    [InlineData("OPT_OUT", ConsentAction.OptOut)]
    public void AnActionIsReadInTheApisSpellingOrTheAuditTrails(string text, ConsentAction expected)
    {
        Assert.True(ConsentActions.TryParse(text, out var action));
        Assert.Equal(expected, action);
    }

    [Theory]
    [InlineData("Bogus")]
    [InlineData("3")]
    [InlineData("opted_in")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElseIsNotAnAction(string? text) => Assert.False(ConsentActions.TryParse(text, out _));

    [Fact]
    public void EveryActionReadsBackFromTheSpellingTheTrailStores()
    {
        foreach (var action in Enum.GetValues<ConsentAction>())
        {
            Assert.True(ConsentActions.TryParse(action.Wire(), out var back));
            Assert.Equal(action, back);
        }
    }
}
