using Inbox.Silo;
using Inbox.Silo.Agents;
using Inbox.Web.Demo;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

/// <summary>The domain's password rule, plus one the host knows: the demo's published password only while the demo runs.</summary>
public sealed class PasswordPolicy(IOptions<DemoOptions> demo)
{
    public string Ensure(string? password, string field)
    {
        var accepted = Passwords.EnsureAcceptable(password, field);
        if (!demo.Value.Enabled && accepted == DemoData.Password)
            throw Refuse.Invalid("demo_password", "That is the demo's published password: choose another.", field);
        return accepted;
    }
}
