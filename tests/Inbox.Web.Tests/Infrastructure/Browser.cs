using Microsoft.Playwright;

namespace Inbox.Web.Tests;

/// <summary>Debian's Chromium, driven by Playwright. Without it a developer's run skips; CI never does.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Live pages re-check their session every 300 ms, so a test sees one end quickly.</summary>
    public InboxApp App { get; } = new(settings: new Dictionary<string, string?> { ["Inbox:Sessions:CircuitCheckEvery"] = "00:00:00.300" });

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath) && !Storage.Tests.Requirements.InCi) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>A browser test: skipped on a developer's machine without Chromium, never in CI, where it runs and fails instead.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    private const string NoChromium = "Chromium is not installed (apt-get install chromium, or run infra/test.sh)";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath) && !Storage.Tests.Requirements.InCi) Skip = NoChromium;
    }
}
