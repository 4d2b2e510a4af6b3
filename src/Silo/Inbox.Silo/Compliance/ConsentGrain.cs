using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Compliance;

public sealed class ConsentState
{
    /// <summary>2: <see cref="Marks"/> were added; a number without them is read as <see cref="ConsentMarks.Legacy"/>.</summary>
    public int Format { get; set; } = 2;

    public Dictionary<string, NumberConsent> Numbers { get; set; } = [];

    /// <summary>Per number, the change that last set each field: a late change older than it leaves the field alone.</summary>
    public Dictionary<string, ConsentMarks> Marks { get; set; } = [];
}

[GrainType("Consent")]
public sealed class ConsentGrain([PersistentState("consent")] IPersistentState<ConsentState> state, Rows rows, AppClock time)
    : Grain, IConsentGrain
{
    private (string BrandId, Channel Channel, string Address) Key
    {
        get
        {
            var parts = this.GetPrimaryKeyString().Split('|', 3);
            return (parts[0], ChannelNames.ParseChannel(parts[1]), parts[2]);
        }
    }

    public async Task<KeywordOutcome> ApplyKeyword(string numberKey, Keyword keyword, string dedupeKey, string? messageId, DateTimeOffset at)
    {
        var action = keyword switch
        {
            Keyword.Stop or Keyword.StopAll => ConsentAction.OptOut,
            Keyword.Start => ConsentAction.OptIn,
            _ => (ConsentAction?)null,
        };
        if (action is null) return new KeywordOutcome(false, Snapshot(numberKey));
        var numbers = keyword == Keyword.StopAll ? await BrandNumbersAsync() : [numberKey];
        try
        {
            var setsOptOut = await ApplyAsync(numbers, action.Value, ConsentMethod.Keyword, "customer", messageId, dedupeKey,
                keyword.ToString().ToUpperInvariant(), at, numberKey);
            return new KeywordOutcome(false, Snapshot(numberKey), Overtaken: !setsOptOut);
        }
        catch (RepeatedException)
        {
            return new KeywordOutcome(true, Snapshot(numberKey));
        }
    }

    public async Task ApplyChannelOptOut(string numberKey, string reason, string dedupeKey, string? messageId, DateTimeOffset at)
    {
        try
        {
            await ApplyAsync([numberKey], ConsentAction.OptOut, ConsentMethod.Channel, "customer", messageId, dedupeKey, reason, at, numberKey);
        }
        catch (RepeatedException)
        {
            // Redelivered: recorded the first time.
        }
    }

    public Task<ConsentView> Get() => Task.FromResult(View());

    public async Task<ConsentView> Change(Caller caller, ConsentChange change)
    {
        var (brandId, _, _) = Key;
        Visibility.EnsureCanSeeBrand(caller, brandId);
        if (change.Method is ConsentMethod.Keyword or ConsentMethod.Channel)
            throw Refuse.Invalid("bad_method", "Keywords and a channel's reports come from the customer, not from the API.", "method");
        if (change.Method == ConsentMethod.Agent && change.Action != ConsentAction.OptOut && string.IsNullOrWhiteSpace(change.Evidence))
            throw Refuse.Invalid("missing_evidence", "An agent who records an opt-in must say what shows it (evidence).", "evidence");
        if (change.Method != ConsentMethod.Agent && caller.In(brandId)?.Role == Role.Agent)
            throw Refuse.Forbidden("Agents record consent as agents, with evidence.");
        var numbers = change.NumberKey is { } key ? [await EnsureBrandNumberAsync(key)] : await BrandNumbersAsync();
        var reason = string.Join(" — ", new[] { change.Reason, change.Evidence is null ? null : $"evidence: {change.Evidence}" }.Where(r => !string.IsNullOrWhiteSpace(r)));
        await ApplyAsync(numbers, change.Action, change.Method, caller.AgentId ?? caller.Name, null, null, reason.Length == 0 ? null : reason, time.GetUtcNow(),
            change.NumberKey ?? "*");
        return View();
    }

    /// <summary>
    /// Records one change for the numbers it covers; <paramref name="origin"/> is the number it came through ("*" for all). The event
    /// lists the numbers too: the figures count a STOPALL or a change for all numbers for each of them. <paramref name="at"/> is its
    /// effective time, which orders it (<see cref="ConsentRules"/>); the receipt time is kept beside it for the audit trail.
    /// Answers whether the change decided the origin's opt-out (no later change had).
    /// </summary>
    private async Task<bool> ApplyAsync(IReadOnlyList<string> numbers, ConsentAction action, ConsentMethod method, string actor, string? messageId,
        string? dedupeKey, string? reason, DateTimeOffset at, string origin)
    {
        var (brandId, channel, address) = Key;
        var work = new UnitOfWork().Add(new SqlWrite(
            """
            INSERT INTO consent_events (id, brand_id, channel, number_key, address, change, method, actor, message_id, dedupe_key, reason, at, numbers, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING
            """,
            Ids.New("cev"), brandId, channel.Wire(), origin, address, action.Wire(), method.ToString().ToLowerInvariant(),
            actor, SqlValue.Of(messageId), SqlValue.Of(dedupeKey), SqlValue.Of(reason), at.ToUnixTimeMilliseconds(), ConsentHistory.Numbers(numbers),
            time.GetUtcNow().ToUnixTimeMilliseconds())
        { ExpectedRows = 1, Unexpected = () => new RepeatedException() });
        var setsOriginOptOut = false;
        foreach (var number in numbers)
        {
            var current = state.State.Numbers.GetValueOrDefault(number);
            var marks = state.State.Marks.GetValueOrDefault(number) ?? (current is null ? new ConsentMarks() : ConsentMarks.Legacy(current));
            var step = ConsentRules.Apply(current ?? new NumberConsent(number, false, false, false, at), marks, action, at);
            var next = step.Consent;
            state.State.Numbers[number] = next;
            state.State.Marks[number] = step.Marks;
            if (number == origin) setsOriginOptOut = step.SetsOptOut;
            work.Add(new SqlWrite(
                """
                INSERT INTO consents (brand_id, channel, number_key, address, opted_out, alerts, marketing, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (brand_id, channel, number_key, address) DO UPDATE SET opted_out = excluded.opted_out, alerts = excluded.alerts,
                    marketing = excluded.marketing, updated_at = excluded.updated_at
                """,
                brandId, channel.Wire(), number, address, SqlValue.Of(next.OptedOut), SqlValue.Of(next.Alerts), SqlValue.Of(next.Marketing),
                next.UpdatedAt.ToUnixTimeMilliseconds()));
        }
        state.State.Format = 2;
        try
        {
            await state.WriteStateAsync(work);
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
        return setsOriginOptOut;
    }

    private ConsentSnapshot Snapshot(string numberKey) => state.State.Numbers.GetValueOrDefault(numberKey)?.Snapshot ?? ConsentSnapshot.None;

    private ConsentView View()
    {
        var (brandId, channel, address) = Key;
        return new ConsentView(brandId, channel, address, state.State.Numbers.Values.OrderBy(n => n.NumberKey, StringComparer.Ordinal).ToArray());
    }

    private async Task<IReadOnlyList<string>> BrandNumbersAsync()
    {
        var (brandId, channel, _) = Key;
        return await rows.QueryAsync("SELECT number_key FROM numbers WHERE brand_id = $1 AND channel = $2 ORDER BY number_key",
            [brandId, channel.Wire()], r => r.GetString(0));
    }

    private async Task<string> EnsureBrandNumberAsync(string numberKey)
    {
        var (brandId, channel, _) = Key;
        var number = await GrainFactory.GetGrain<Numbers.INumberGrain>(numberKey).Get();
        if (number is null || number.BrandId != brandId || number.Channel != channel) throw Refuse.NotFound("number", numberKey);
        return numberKey;
    }

    private sealed class RepeatedException() : Exception("This keyword was applied before.");
}
