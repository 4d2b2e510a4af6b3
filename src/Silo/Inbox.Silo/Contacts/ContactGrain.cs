using Inbox.Silo.Access;

namespace Inbox.Silo.Contacts;

public sealed class ContactState
{
    public int Format { get; set; } = 1;

    public string? BrandId { get; set; }

    public string? Name { get; set; }

    public string? TimeZone { get; set; }

    public List<ContactIdentity> Identities { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

[GrainType("Contact")]
public sealed class ContactGrain([PersistentState("contact")] IPersistentState<ContactState> state, AppClock time) : Grain, IContactGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<ContactView> Create(string brandId, ContactIdentity identity, string? name)
    {
        if (state.State.BrandId is not null) return View();
        var now = time.GetUtcNow();
        state.State.BrandId = brandId;
        state.State.Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        state.State.Identities.Add(identity);
        state.State.CreatedAt = now;
        try
        {
            await state.WriteStateAsync(new UnitOfWork()
                .Add(new SqlWrite("INSERT INTO contacts (id, brand_id, name, time_zone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
                    Id, brandId, SqlValue.Of(state.State.Name), SqlNull.Text, now.ToUnixTimeMilliseconds()))
                .Add(new SqlWrite("INSERT INTO contact_identities (brand_id, kind, value, contact_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    brandId, identity.Kind, identity.Value, Id)
                {
                    ExpectedRows = 1,
                    Unexpected = () => new IdentityTakenException($"{identity.Kind} {identity.Value} belongs to another contact of brand {brandId}."),
                }));
        }
        catch
        {
            state.State = new ContactState();
            DeactivateOnIdle();
            throw;
        }
        return View();
    }

    public Task<ContactView?> Get() => Task.FromResult(state.State.BrandId is null ? null : View());

    public async Task<ContactView> Update(Caller caller, ContactUpdate update)
    {
        if (state.State.BrandId is not { } brandId || !Visibility.CanSeeBrand(caller, brandId)) throw Refuse.NotFound("contact", Id);
        if (update.Name is { } name) state.State.Name = name.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (update.TimeZone is { } zone) state.State.TimeZone = zone.Length == 0 ? null : TimeZones.Validate(zone);
        await state.WriteStateAsync(new UnitOfWork()
            .Add(new SqlWrite("UPDATE contacts SET name = $2, time_zone = $3, updated_at = $4 WHERE id = $1",
                Id, SqlValue.Of(state.State.Name), SqlValue.Of(state.State.TimeZone), time.GetUtcNow().ToUnixTimeMilliseconds()))
            .Add(new SqlWrite("UPDATE conversations SET contact_name = $2 WHERE contact_id = $1", Id, SqlValue.Of(state.State.Name))));
        return View();
    }

    private ContactView View() => new(Id, state.State.BrandId!, state.State.Name, state.State.TimeZone, state.State.Identities.ToArray(), state.State.CreatedAt);
}

public static class TimeZones
{
    /// <summary>An IANA zone id such as "America/Chicago" or "Asia/Kolkata".</summary>
    public static string Validate(string zone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone.Trim()).Id;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw Refuse.Invalid("bad_time_zone", $"'{zone}' is not a time zone: use an IANA name such as America/Chicago.", "timeZone");
        }
    }
}
