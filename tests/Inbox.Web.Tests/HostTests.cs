using System.Net;
using Inbox.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Inbox.Web.Tests;

public sealed class HostTests : IClassFixture<HostTests.App>
{
    private readonly HttpClient _client;
    private readonly IServiceProvider _services;

    public HostTests(App app) => (_client, _services) = (app.Factory.CreateClient(), app.Factory.Services);

    [Fact]
    public async Task HealthAnswersHealthyWhenTheStoreAnswers()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheHomePageRendersAndLoadsTheBlazorScript()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Contains("<h1>Inbox</h1>", html);
        Assert.Contains("_framework/blazor.web.", html);
        var script = await _client.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task AnUnknownPageIsANotFoundPage()
    {
        var response = await _client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not Found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void TheNodeSizesItsGrainDirectoryCacheForTheGrainsItWorksWith()
    {
        // Orleans' default (a million) preallocates the table the dashboard walks every second.
        Assert.Equal(SiloHosting.DirectoryCacheSize, _services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
        Assert.True(SiloHosting.DirectoryCacheSize < GrainDirectoryOptions.DEFAULT_CACHE_SIZE);
    }

    public sealed class App : IDisposable
    {
        public InboxApp Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
