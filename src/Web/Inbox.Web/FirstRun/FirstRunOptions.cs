namespace Inbox.Web.FirstRun;

/// <summary>
/// Bound from "Inbox:Owner": the first owner of a new instance, made at start when no owner exists.
/// The password is for one sign-in: the owner must choose their own at once.
/// </summary>
public sealed class FirstRunOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string Name { get; set; } = "Owner";

    public bool Configured => !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrEmpty(Password);
}
