using System.Net;

namespace Inbox.Web.Tests;

/// <summary>Orleans' dashboard is mounted at /dashboard, for the instance owner only.</summary>
public sealed class DashboardTests : IClassFixture<HostTests.App>
{
    private readonly InboxApp _app;

    public DashboardTests(HostTests.App app) => _app = app.Factory;

    [Fact]
    public async Task TheOrleansDashboardOpensForTheOwnerAndNobodyElse()
    {
        var anonymous = await _app.Client().GetAsync("/dashboard/");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.DoesNotContain("Orleans", await anonymous.Content.ReadAsStringAsync());

        var owner = await _app.Client(InboxApp.OwnerKey).GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Contains("Orleans", await owner.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
