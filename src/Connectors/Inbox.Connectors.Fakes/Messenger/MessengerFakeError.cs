namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// One Graph API error as Meta answers it: the HTTP status and the envelope's fields
/// (<c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>). The named ones are the Send API's
/// documented refusals, with Meta's codes and words; <see cref="MessengerFake.FailNext"/> takes any of them.
/// </summary>
public sealed record MessengerFakeError(int Status, int Code, int? Subcode, string Type, string Message)
{
    public static MessengerFakeError MissingToken { get; } = new(400, 104, null, "OAuthException", "An access token is required to request this resource.");

    public static MessengerFakeError BadToken { get; } = new(400, 190, null, "OAuthException", "Invalid OAuth access token - Cannot parse access token");

    /// <summary>A token that is not this Page's: the Page cannot be loaded with it.</summary>
    public static MessengerFakeError NotThisPage(string id) => new(400, 100, 33, "GraphMethodException",
        $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");

    public static MessengerFakeError Param(string message) => new(400, 100, null, "OAuthException", $"(#100) {message}");

    public static MessengerFakeError NoMatchingUser { get; } = new(400, 100, 2018001, "OAuthException", "(#100) No matching user found");

    public static MessengerFakeError OutsideWindow { get; } = new(400, 10, 2018278, "OAuthException",
        "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview");

    /// <summary>The person blocked the Page or deactivated their account.</summary>
    public static MessengerFakeError Unavailable { get; } = new(400, 551, 1545041, "OAuthException", "(#551) This person isn't available right now.");

    /// <summary>The person turned off messages from this Page.</summary>
    public static MessengerFakeError NotReceiving { get; } = new(400, 10, 2018108, "OAuthException", "(#10) This person isn't receiving messages from you right now.");

    public static MessengerFakeError SendRateLimit { get; } = new(400, 613, null, "OAuthException", "(#613) Calls to this api have exceeded the rate limit.");

    public static MessengerFakeError PageRateLimit { get; } = new(400, 32, null, "OAuthException", "(#32) Page request limit reached");

    public static MessengerFakeError AppRateLimit { get; } = new(400, 4, null, "OAuthException", "(#4) Application request limit reached");

    public static MessengerFakeError TemporaryFailure { get; } = new(500, 1200, null, "OAuthException", "(#1200) Temporary send message failure. Please try again later");

    public static MessengerFakeError Unexpected { get; } = new(500, 2, null, "OAuthException", "An unexpected error has occurred. Please retry your request later.");

    public static MessengerFakeError Unknown { get; } = new(500, 1, null, "OAuthException", "An unknown error occurred");
}
