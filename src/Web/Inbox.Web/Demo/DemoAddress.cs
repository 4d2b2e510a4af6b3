using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Inbox.Web.Demo;

/// <summary>
/// Where this process listens, as the in-process fakes reach it: the first http address Kestrel bound (https only when
/// there is no other), with a wildcard host made localhost. Known once the server has started.
/// </summary>
public static class DemoAddress
{
    public static Uri? Of(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (chosen is null) return null;
        var builder = new UriBuilder(chosen.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::") builder.Host = "localhost";
        builder.Path = "/";
        return builder.Uri;
    }
}
