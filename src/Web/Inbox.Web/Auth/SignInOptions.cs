using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Inbox.Web.Auth;

/// <summary>Bound from "Inbox:SignIn": how failed sign-ins back off, and which proxy may tell the client's address.</summary>
public sealed class SignInOptions
{
    /// <summary>Failures for one account before each further one makes it wait.</summary>
    [Range(1, 1000)]
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>Failures from one client address (across all accounts) before it waits: higher, since an office may share one.</summary>
    [Range(1, 100_000)]
    public int FreeFailuresPerAddress { get; set; } = 50;

    /// <summary>The first wait; each further failure doubles it, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures this long after the last one are forgotten.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-For names the client. Empty (the default): the
    /// connection's own address counts, so a client cannot pick its address by sending the header.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public bool IsValid() =>
        FirstDelay > TimeSpan.Zero && MaxDelay >= FirstDelay && ForgetAfter >= MaxDelay
        && TrustedProxies.All(p => IPAddress.TryParse(p, out _));
}
