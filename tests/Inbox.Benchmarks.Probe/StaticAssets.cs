using Microsoft.AspNetCore.Hosting;

[assembly: HostingStartup(typeof(Inbox.Benchmarks.Probe.StaticAssets))]

namespace Inbox.Benchmarks.Probe;

/// <summary>
/// Serves the app's static web assets (blazor.web.js, app.css) from the build output's manifest outside Development,
/// as a published app serves them from wwwroot: the benchmarks run the built app with its Production settings.
/// </summary>
public sealed class StaticAssets : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.UseStaticWebAssets();
}
