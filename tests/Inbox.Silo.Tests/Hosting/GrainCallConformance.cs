using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Tests.Hosting;

/// <summary>
/// What crosses a grain call arrives as itself: through the test cluster's client every argument, result and
/// refusal is serialized, so nothing can lean on a reference passed along or a call run inline.
/// </summary>
public abstract class GrainCallConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ARefusalCrossesACallWithItsCodeKindFieldAndMessage()
    {
        await using var domain = await Domain.StartAsync(Store);
        var brand = domain.Cluster.Client.GetGrain<IBrandGrain>(domain.BrandId);

        var taken = await Assert.ThrowsAsync<DomainException>(() => brand.Create(Caller.Owner(), "Contoso again"));
        Assert.Equal(("brand_exists", DomainErrorKind.Conflict, null), (taken.Code, taken.Kind, taken.Field));
        Assert.Equal($"Brand '{domain.BrandId}' exists already.", taken.Message);

        var invalid = await Assert.ThrowsAsync<DomainException>(() => brand.UpdateSettings(Caller.Owner(), new BrandSettings { DefaultTimeZone = "Mars/Olympus" }));
        Assert.Equal(("bad_time_zone", DomainErrorKind.Invalid, "defaultTimeZone"), (invalid.Code, invalid.Kind, invalid.Field));
    }

    [StoreFact]
    public async Task TheSystemCallerIsKnownByItsFlagAfterACallCopiedIt()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hello"));
        var conversation = domain.Cluster.Client.GetGrain<IConversationGrain>((await domain.OnlyConversationAsync()).Id);

        var bySystem = await conversation.Send(Caller.System, new Outgoing("checked by the system", IsPrivate: true));
        var byOwner = await conversation.Send(Caller.Owner(), new Outgoing("checked by the owner", IsPrivate: true));

        Assert.Equal((AuthorKind.System, null), (bySystem.AuthorKind, bySystem.AuthorId)); // the system is never shown as an author
        Assert.Equal((AuthorKind.System, "owner"), (byOwner.AuthorKind, byOwner.AuthorId));
    }
}

public sealed class SqliteGrainCalls : GrainCallConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresGrainCalls : GrainCallConformance
{
    protected override string Store => Stores.Postgres;
}
