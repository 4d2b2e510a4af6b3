using System.Text.RegularExpressions;

namespace Inbox.Web.Tests;

/// <summary>Posts a page's form as a browser does: with the antiforgery token of the page it came from.</summary>
public static partial class Forms
{
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string returnUrl = "/") =>
        PostAsync(client, "/login", "/account/login", new() { ["email"] = email, ["password"] = password, ["returnUrl"] = returnUrl });

    /// <summary>Opens <paramref name="page"/>, takes its antiforgery token and posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = Token().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"the page {page} has no antiforgery token");
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
