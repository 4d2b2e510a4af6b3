using System.Text.RegularExpressions;

namespace Inbox.Web.Tests;

/// <summary>Posts the sign-in form as a browser does: with the antiforgery token of the page it came from.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/login");
        var token = Token().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in page has no antiforgery token");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
