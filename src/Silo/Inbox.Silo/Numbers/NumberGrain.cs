using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Numbers;

public sealed class NumberState
{
    public int Format { get; set; } = 1;

    public NumberView? Number { get; set; }
}

[GrainType("Number")]
public sealed class NumberGrain(
    [PersistentState("number")] IPersistentState<NumberState> state, StateStore store, Rows rows, RouteCache cache, Accounts.ProviderAccounts accounts, AppClock time)
    : Grain, INumberGrain
{
    private NumberKey Key => NumberKey.Parse(this.GetPrimaryKeyString());

    public async Task<NumberView> Register(Caller caller, NumberRegistration registration)
    {
        Visibility.EnsureCanManageBrand(caller, registration.BrandId);
        if (state.State.Number is { } existing)
            throw Refuse.Conflict("number_registered", $"{existing.Key} is registered already. An address belongs to one brand only; which brand has it is not said.");
        var brand = await GrainFactory.GetGrain<IBrandGrain>(registration.BrandId).Get() ?? throw Refuse.NotFound("brand", registration.BrandId);
        if (registration.DefaultTeamId is { } team && brand.Teams.All(t => t.Id != team))
            throw Refuse.Invalid("unknown_team", $"Brand '{brand.Name}' has no team {team}.", "defaultTeamId");
        var account = Names.Required(registration.ProviderAccount, "providerAccount", 100);
        if (await accounts.UsableAsync(account, registration.BrandId) is null)
            throw Refuse.Rule("unknown_provider_account",
                $"There is no provider account '{account}' this brand may use: create one (POST /api/v1/provider-accounts), or ask the owner to share theirs.");
        var key = Key;
        if (NumberRules.CanonicalAddress(key.Channel, key.Address) != key.Address)
            throw Refuse.Invalid("bad_number_key", $"Write the address in its canonical form: {key.Channel.Wire()}:{NumberRules.CanonicalAddress(key.Channel, key.Address)}.");
        var display = registration.DisplayNumber is { } d ? Contacts.PhoneNumbers.Normalize(d) : null;
        var (rate, burst) = NumberRules.DefaultPacing(key.Channel);
        var number = new NumberView(key.ToString(), registration.BrandId, key.Channel, key.Address, display, registration.Purpose,
            registration.DefaultTeamId, Names.Required(registration.ProviderAccount, "providerAccount", 100),
            registration.RatePerSecond is > 0 ? registration.RatePerSecond.Value : rate,
            registration.Burst is > 0 ? registration.Burst.Value : burst,
            string.IsNullOrWhiteSpace(registration.AutoReply) ? null : registration.AutoReply.Trim(), time.GetUtcNow());

        var work = new UnitOfWork().Add(new SqlWrite(
            """
            INSERT INTO numbers (number_key, brand_id, channel, address, display_number, purpose, default_team_id, provider_account, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            number.Key, number.BrandId, key.Channel.Wire(), key.Address, SqlValue.Of(display), number.Purpose.Wire(),
            SqlValue.Of(number.DefaultTeamId), number.ProviderAccount, number.CreatedAt.ToUnixTimeMilliseconds()));
        foreach (var claim in NumberRules.Claims(key.Channel, key.Address, display))
        {
            work.Add(new SqlWrite("INSERT INTO address_claims (address, number_key) VALUES ($1, $2) ON CONFLICT DO NOTHING", claim, number.Key)
            {
                ExpectedRows = 1,
                Unexpected = () => Refuse.Conflict("address_taken",
                    $"{claim} is registered already as another number. An address belongs to one brand and one channel only."),
            });
        }
        state.State.Number = number;
        try
        {
            await state.WriteStateAsync(work);
        }
        catch
        {
            state.State.Number = null;
            throw;
        }
        return number;
    }

    public Task<NumberView?> Get() => Task.FromResult(state.State.Number);

    public async Task<NumberView> AddTemplate(Caller caller, MessageTemplate template)
    {
        if (state.State.Number is not { } number) throw Refuse.NotFound("number", this.GetPrimaryKeyString());
        Visibility.EnsureCanManageBrand(caller, number.BrandId);
        if (number.Channel != Channel.WhatsApp) throw Refuse.Rule("templates_whatsapp_only", "Templates are registered on WhatsApp numbers.");
        template = template.Validated();
        var templates = number.Templates.Where(t => t.Name != template.Name || t.Language != template.Language).Append(template).ToArray();
        state.State.Number = number with { Templates = templates };
        await state.WriteStateAsync();
        return state.State.Number;
    }

    public async Task<ConversationTarget?> Route(string senderAddress, string? senderName)
    {
        if (state.State.Number is not { } number) return null;
        var identity = ContactIdentities.From(number.Channel, senderAddress, NumberRules.HomeCountry(number));
        if (cache.TryGet(number.Key, identity.Value, out var cached)) return cached;
        if (await FindRouteAsync(number, identity) is not { } found) return await CreateRouteAsync(number, identity, senderName);
        if (found.Started) cache.Add(number.Key, identity.Value, found.Target);
        return found.Target;
    }

    public async Task<ConversationTarget?> RouteGroup(string chatId, string? chatTitle, string senderAddress, string? senderName)
    {
        if (state.State.Number is not { } number) return null;
        var member = ContactIdentities.From(number.Channel, senderAddress);
        var (contactId, contactName) = await ResolveContactAsync(number.BrandId, member, senderName);
        // A group's route is its chat, not a person: the same table, under a key no person's address can take.
        var route = "group:" + chatId.Trim();
        var conversationId = await rows.ScalarStringAsync("SELECT conversation_id FROM conversation_routes WHERE number_key = $1 AND sender = $2", [number.Key, route]);
        if (conversationId is null)
        {
            conversationId = Ids.New("cnv");
            try
            {
                await store.CommitAsync([new SqlWrite(
                    "INSERT INTO conversation_routes (number_key, sender, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    number.Key, route, conversationId) { ExpectedRows = 1 }]);
            }
            catch (UnexpectedRowsException)
            {
                conversationId = await rows.ScalarStringAsync("SELECT conversation_id FROM conversation_routes WHERE number_key = $1 AND sender = $2", [number.Key, route])
                    ?? throw new InvalidOperationException($"The route of group {route} on {number.Key} vanished.");
            }
        }
        return new ConversationTarget(conversationId, number.BrandId, number.Key, number.Channel, contactId, contactName, member.Value, number.DefaultTeamId,
            Inbound.ChatKind.Group, chatId.Trim(), chatTitle);
    }

    /// <summary>The sender's route, and whether its conversation has started (has its row), which is when the route may be cached.</summary>
    private async Task<FoundRoute?> FindRouteAsync(NumberView number, ContactIdentity identity) =>
        await rows.SingleOrDefaultAsync(
            """
            SELECT r.conversation_id, i.contact_id, c.name, (SELECT count(*) FROM conversations v WHERE v.id = r.conversation_id)
            FROM conversation_routes r
            JOIN contact_identities i ON i.brand_id = $3 AND i.kind = $4 AND i.value = r.sender
            JOIN contacts c ON c.id = i.contact_id
            WHERE r.number_key = $1 AND r.sender = $2
            """,
            [number.Key, identity.Value, number.BrandId, identity.Kind],
            r => new FoundRoute(Target(number, r.GetString(0), r.GetString(1), r.Text(2), identity.Value), r.GetInt64(3) > 0));

    private sealed record FoundRoute(ConversationTarget Target, bool Started);

    private async Task<ConversationTarget> CreateRouteAsync(NumberView number, ContactIdentity identity, string? senderName)
    {
        var (contactId, contactName) = await ResolveContactAsync(number.BrandId, identity, senderName);
        var conversationId = Ids.New("cnv");
        try
        {
            await store.CommitAsync([new SqlWrite(
                "INSERT INTO conversation_routes (number_key, sender, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                number.Key, identity.Value, conversationId) { ExpectedRows = 1 }]);
        }
        catch (UnexpectedRowsException)
        {
            // Another silo's activation of this number routed the same sender first: use its conversation.
            var winner = await FindRouteAsync(number, identity);
            if (winner is null) throw;
            return winner.Target;
        }
        return Target(number, conversationId, contactId, contactName, identity.Value);
    }

    /// <summary>The brand's contact for this identity; two numbers may race to create it, and the loser uses the winner's.</summary>
    private async Task<(string Id, string? Name)> ResolveContactAsync(string brandId, ContactIdentity identity, string? senderName)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await rows.SingleOrDefaultAsync(
                "SELECT i.contact_id, c.name FROM contact_identities i JOIN contacts c ON c.id = i.contact_id WHERE i.brand_id = $1 AND i.kind = $2 AND i.value = $3",
                [brandId, identity.Kind, identity.Value], r => new Tuple<string, string?>(r.GetString(0), r.Text(1)));
            if (existing is not null) return (existing.Item1, existing.Item2);
            try
            {
                var created = await GrainFactory.GetGrain<IContactGrain>(Ids.New("cnt")).Create(brandId, identity, senderName);
                return (created.Id, created.Name);
            }
            catch (IdentityTakenException) when (attempt < 3)
            {
            }
        }
    }

    private static ConversationTarget Target(NumberView number, string conversationId, string contactId, string? contactName, string address) =>
        new(conversationId, number.BrandId, number.Key, number.Channel, contactId, contactName, address, number.DefaultTeamId);
}
