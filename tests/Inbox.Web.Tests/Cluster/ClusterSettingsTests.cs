using Inbox.Storage.Tests;
using Inbox.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Tests.Cluster;

/// <summary>A node's cluster settings: refused with a line that names the setting, before anything starts.</summary>
[Collection(NodeProcessesCollection.Name)]
public sealed class ClusterSettingsTests
{
    private const int Patience = 60_000; // a process start on a busy 2-core machine

    [Fact]
    public void TheDefaultsHaveNoProblems() => Assert.Empty(new ClusterNodeOptions().Problems());

    [Fact]
    public void EachUnworkableMembershipSettingIsNamed()
    {
        var options = new ClusterNodeOptions
        {
            ClusterId = " ",
            ProbeTimeout = TimeSpan.Zero,
            NumMissedProbesLimit = 0,
            TableRefreshTimeout = TimeSpan.FromHours(1),
            IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(10),
        };

        var problems = options.Problems();

        Assert.Collection(problems,
            p => Assert.StartsWith("Inbox:Cluster:ClusterId must be unset", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Inbox:Cluster:ProbeTimeout must be between", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Inbox:Cluster:NumMissedProbesLimit must be 1–20, not 0", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Inbox:Cluster:TableRefreshTimeout must be between", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Inbox:Cluster:IAmAliveTablePublishTimeout must be between", p, StringComparison.Ordinal));
    }

    [Fact]
    public void AnAdvertisedAddressIsAnIpOrAHostNameThatResolves()
    {
        Assert.Null(new ClusterNodeOptions().ResolveAddress());
        Assert.Equal(System.Net.IPAddress.Loopback, new ClusterNodeOptions { AdvertisedAddress = "127.0.0.1" }.ResolveAddress());
        Assert.Equal(System.Net.IPAddress.Loopback, new ClusterNodeOptions { AdvertisedAddress = "localhost" }.ResolveAddress());

        var refused = Assert.Throws<OptionsValidationException>(() => new ClusterNodeOptions { AdvertisedAddress = "node.invalid" }.ResolveAddress());
        Assert.StartsWith("Inbox:Cluster:AdvertisedAddress 'node.invalid' is neither an IP address nor a host name", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterModeOnSqliteEndsTheNodeWithOneLineNamingBothSettings()
    {
        var failed = await RefusedStartAsync(new() { ["Inbox:Cluster:Provider"] = "Postgres" });

        Assert.Contains("Inbox did not start: Inbox:Cluster:Provider is Postgres, which needs Inbox:Storage:Provider Postgres (it is Sqlite)", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadableMembershipSettingEndsTheNodeWithOneLineNamingIt()
    {
        var failed = await RefusedStartAsync(new() { ["Inbox:Cluster:Provider"] = "Postgres", ["Inbox:Cluster:ProbeTimeout"] = "5 seconds" });

        Assert.Contains("Inbox did not start: ", failed, StringComparison.Ordinal);
        Assert.Contains("'Inbox:Cluster:ProbeTimeout'", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownClusterProviderEndsTheNodeWithOneLineNamingIt()
    {
        var failed = await RefusedStartAsync(new() { ["Inbox:Cluster:Provider"] = "Consul" });

        Assert.Contains("Inbox did not start: Inbox:Cluster:Provider must be Postgres or unset, not Consul.", failed, StringComparison.Ordinal);
    }

    /// <summary>Runs a node on a fresh SQLite store with <paramref name="settings"/>, expects it to refuse them, and gives its output.</summary>
    private static async Task<string> RefusedStartAsync(Dictionary<string, string?> settings)
    {
        var all = InboxApp.StoreSettings(Stores.Sqlite);
        all["Inbox:OwnerApiKey"] = InboxApp.OwnerKey;
        all["Inbox:DataProtection:CertificatePath"] = TestCertificate.PfxPath;
        all["Inbox:DataProtection:CertificatePassword"] = TestCertificate.Password;
        foreach (var (key, value) in settings) all[key] = value;
        using var node = WebNode.Start("refused", all);

        var exitCode = await node.WaitForExitAsync(Patience);

        Assert.True(exitCode == BadSettings.ExitCode, $"exit code {exitCode}, output:\n{node.Output}");
        // One line, not a stack trace: an operator reads the reason, not the host's internals.
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
        return node.Output;
    }
}
