using System.Security.Cryptography;
using Inbox.Connectors.Sms;
using Inbox.Silo.Accounts;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;

namespace Inbox.Web.Senders;

/// <summary>
/// Makes the sender of an ACS resource account: the shared <see cref="AcsSmsClient"/> (a typed client of
/// <c>IHttpClientFactory</c>, resolved per sender so its handlers rotate) bound to the account's endpoint
/// and access key. It lives in the web host because the credentials do: they are sealed with the host's
/// Data Protection key ring, and only <see cref="ProviderCredentials"/> opens them.
/// </summary>
public sealed class AcsSenderFactory(IServiceProvider services) : IChannelSenderFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.AcsResource;

    /// <summary>
    /// Cheap, as the outbox calls it for every send: nothing is opened here. The credentials are resolved lazily
    /// (the account directory that <see cref="ProviderCredentials"/> uses itself needs the sender directory, so
    /// taking them in the constructor would be a cycle) and opened when the message goes out, so a key entered
    /// a moment ago is the one used.
    /// </summary>
    public IChannelSender Create(ProviderAccountView account) => new AcsResourceSender(
        services.GetRequiredService<AcsSmsClient>(), services.GetRequiredService<ProviderCredentials>(),
        services.GetRequiredService<ILogger<AcsSenderFactory>>(), account.Id);
}

/// <summary>
/// One ACS resource account's sender: opens the account's credentials for the send and hands them to
/// <see cref="AcsSmsSender"/>. Credentials that are missing, malformed or cannot be opened are an outcome
/// the outbox records on the message (no sender, auth failed), never an exception; the reasons and the
/// log name the account and the credential, never a value of a secret.
/// </summary>
public sealed class AcsResourceSender(AcsSmsClient client, ProviderCredentials credentials, ILogger logger, string accountId) : IChannelSender
{
    public const string EndpointField = "endpoint";
    public const string AccessKeyField = "accessKey";

    public string ProviderAccount => accountId;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> found;
        try
        {
            found = await credentials.GetAsync(accountId);
        }
        catch (CryptographicException)
        {
            // The exception says nothing secret, but neither does it help an operator; the account and the remedy do.
            logger.LogWarning("The credentials of ACS provider account {Account} cannot be opened with this instance's data protection keys", accountId);
            return new SendResult.AuthFailed(
                $"The credentials of ACS provider account '{accountId}' cannot be opened with this instance's data protection keys; enter the access key again");
        }
        return Decide(accountId, found) switch
        {
            Usable usable => await new AcsSmsSender(client, accountId, usable.Endpoint, usable.AccessKey).SendAsync(message, cancellationToken),
            Unusable unusable => unusable.Result,
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>What the account's credentials allow: a send to an endpoint with a key, or the outcome that says what is missing.</summary>
    public static Credentials Decide(string accountId, IReadOnlyDictionary<string, string> found)
    {
        if (!found.TryGetValue(EndpointField, out var endpoint) || string.IsNullOrWhiteSpace(endpoint))
            return new Unusable(new SendResult.NoSender($"ACS provider account '{accountId}' has no '{EndpointField}' credential (the resource's https://….communication.azure.com address)"));
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return new Unusable(new SendResult.NoSender($"The '{EndpointField}' of ACS provider account '{accountId}' is not an absolute http(s) URL"));
        if (!found.TryGetValue(AccessKeyField, out var key) || string.IsNullOrWhiteSpace(key))
            return new Unusable(new SendResult.NoSender($"ACS provider account '{accountId}' has no '{AccessKeyField}' credential"));
        return new Usable(uri, key.Trim());
    }

    public abstract record Credentials;

    public sealed record Usable(Uri Endpoint, string AccessKey) : Credentials;

    public sealed record Unusable(SendResult Result) : Credentials;
}
