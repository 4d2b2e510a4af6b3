using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Tests.Directory;

/// <summary>An address belongs to one brand and one channel: no shared pools, no SMS number doubling as WhatsApp.</summary>
public abstract class NumberRegistrationConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task TheSamePhoneNumberCannotBeBothAnSmsAndAWhatsAppNumber()
    {
        await using var domain = await Domain.StartAsync(Store);

        var error = await Assert.ThrowsAsync<DomainException>(() => domain.RegisterAsync("whatsapp:200000000000001",
            new NumberRegistration(domain.BrandId, Purpose.Support, ScriptedSender.Account, DisplayNumber: Domain.SmsAddress)));

        Assert.Equal(("address_taken", DomainErrorKind.Conflict), (error.Code, error.Kind));
        Assert.Null(await domain.Grains.GetGrain<INumberGrain>("whatsapp:200000000000001").Get());
    }

    [StoreFact]
    public async Task ANumberBelongsToOneBrandOnly()
    {
        await using var domain = await Domain.StartAsync(Store);
        var other = Ids.New("brd");
        await domain.Grains.GetGrain<IBrandGrain>(other).Create(Caller.Owner(), "Fabrikam");

        var again = await Assert.ThrowsAsync<DomainException>(() =>
            domain.RegisterAsync(domain.SmsKey, new NumberRegistration(other, Purpose.Support, ScriptedSender.Account)));

        Assert.Equal("number_registered", again.Code);
        Assert.Equal(domain.BrandId, (await domain.Grains.GetGrain<INumberGrain>(domain.SmsKey).Get())!.BrandId);
    }

    [StoreFact]
    public async Task AnAddressMustBeWrittenInItsCanonicalForm()
    {
        await using var domain = await Domain.StartAsync(Store);

        var error = await Assert.ThrowsAsync<DomainException>(() => domain.RegisterAsync("sms:14255550111",
            new NumberRegistration(domain.BrandId, Purpose.Support, ScriptedSender.Account)));

        Assert.Contains("sms:+14255550111", error.Message);
    }

    [StoreFact]
    public async Task OnlyTheBrandsAdminRegistersItsNumbers()
    {
        await using var domain = await Domain.StartAsync(Store);
        var supervisor = Caller.ForApiKey("ops", domain.BrandId, Role.Supervisor);

        var error = await Assert.ThrowsAsync<DomainException>(() => domain.Grains.GetGrain<INumberGrain>("sms:+14255550112")
            .Register(supervisor, new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account)));

        Assert.Equal(DomainErrorKind.Forbidden, error.Kind);
    }
}

public sealed class SqliteNumberRegistration : NumberRegistrationConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresNumberRegistration : NumberRegistrationConformance
{
    protected override string Store => Stores.Postgres;
}
