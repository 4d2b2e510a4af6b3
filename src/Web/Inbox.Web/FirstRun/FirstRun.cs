using System.Security.Cryptography;
using System.Text;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Queries;
using Inbox.Web.Auth;
using Microsoft.Extensions.Options;

namespace Inbox.Web.FirstRun;

/// <summary>
/// Whether this instance still waits for its first owner, and the one-time setup token that lets someone
/// become it. An instance is set up once an owner agent exists (made from configuration, by the setup link
/// or by the demo) or an owner key is configured. Until then every page leads to the setup page.
/// </summary>
public sealed partial class FirstRunState(DirectoryQueries directory, IGrainFactory grains, PasswordPolicy passwords, IOptions<OwnerKeyOptions> ownerKey,
    TimeProvider time, ILogger<FirstRunState> logger)
{
    private readonly SemaphoreSlim _setup = new(1, 1);
    private volatile bool _done;
    private string? _token;
    private long _checkedAt;

    /// <summary>False once an owner exists anywhere: another node may have finished the setup, so the database is asked again now and then.</summary>
    public async ValueTask<bool> NeedsOwnerAsync()
    {
        if (_done) return false;
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(Interlocked.Read(ref _checkedAt), now) < TimeSpan.FromSeconds(1)) return true;
        Interlocked.Exchange(ref _checkedAt, now);
        if (!string.IsNullOrEmpty(ownerKey.Value.OwnerApiKey) || await directory.HasOwnerAgentAsync()) _done = true;
        return !_done;
    }

    internal async Task StartAsync(FirstRunOptions configured)
    {
        if (!await NeedsOwnerAsync()) return;
        if (configured.Configured)
        {
            var email = configured.Email?.Trim() ?? "";
            if (email.Length == 0 || string.IsNullOrEmpty(configured.Password))
                throw new InvalidOperationException("Inbox:Owner needs both Email and Password to make the first owner.");
            var agentId = await CreateOwnerAsync(configured.Name, email, configured.Password, "Inbox:Owner:Password");
            await grains.GetGrain<IAgentGrain>(agentId).ResetPassword(Caller.Owner("first run"), configured.Password);
            _done = true;
            LogOwnerFromConfiguration(logger, email);
            return;
        }
        _token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        LogSetupLink(logger, "/setup?token=" + _token);
    }

    /// <summary>Makes the first owner if the token is the one in the log; null when it is not (or the setup is over).</summary>
    public async Task<string?> CompleteAsync(string? token, string? name, string? email, string? password)
    {
        await _setup.WaitAsync();
        try
        {
            if (!await NeedsOwnerAsync() || _token is null || token is null
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(_token)))
                return null;
            var agentId = await CreateOwnerAsync(name, email, password, "password");
            _done = true;
            _token = null;
            LogSetupDone(logger, email!);
            return agentId;
        }
        finally
        {
            _setup.Release();
        }
    }

    private async Task<string> CreateOwnerAsync(string? name, string? email, string? password, string passwordField)
    {
        var agentId = Ids.New("agt");
        await grains.GetGrain<IAgentGrain>(agentId).Create(Caller.Owner("first run"),
            new NewAgent(name ?? "", email ?? "", passwords.Ensure(password, passwordField), IsOwner: true));
        return agentId;
    }

    [LoggerMessage(LogLevel.Warning, "Inbox has no owner yet. Open {Link} on this site to become its owner; until then every page leads there")]
    private static partial void LogSetupLink(ILogger logger, string link);

    [LoggerMessage(LogLevel.Information, "The first owner {Email} was made from Inbox:Owner; they choose their own password at their first sign-in")]
    private static partial void LogOwnerFromConfiguration(ILogger logger, string email);

    [LoggerMessage(LogLevel.Information, "The first owner {Email} was made through the setup link")]
    private static partial void LogSetupDone(ILogger logger, string email);
}
