using Inbox.Silo.Channels;

namespace Inbox.Silo.Compliance;

/// <summary>A non-private outbound message queued in the period; <see cref="Accepted"/>: the provider took it (it has a provider id).</summary>
public sealed record OutboundFact(
    string NumberKey, string To, string Status, string? ErrorCode, bool Accepted, bool RefusedByRule, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>A customer who exchanged a non-private message with a number in the period, either way.</summary>
public sealed record ContactFact(string NumberKey, string Address);

/// <summary>A consent change in the period and every number it applied to (all of the channel's for a STOPALL or a change without a number).</summary>
public sealed record ConsentFact(string Address, string Change, IReadOnlyList<string> Numbers);

/// <summary>A send decision in the period: held by quiet hours, refused by a rule, or urgent.</summary>
public sealed record DecisionFact(string NumberKey, string? MessageId, string Kind, string? Code);

public sealed record FigureFacts(IReadOnlyList<OutboundFact> Outbound, IReadOnlyList<ContactFact> Contacts, IReadOnlyList<ConsentFact> Consent, IReadOnlyList<DecisionFact> Decisions);

/// <summary>
/// The figures of a scope (one number, or all of a channel's) from the facts of a period, as the table in
/// docs/compliance.md defines them. Every rate's numerator is a subset of its denominator, so none can
/// pass 100 %: people are counted once however often they opt in, and everyone who opted in or out of
/// a number is one of the people it dealt with.
/// </summary>
public static class FigureDefinitions
{
    public static DeliveryFigures Compute(string scope, Channel channel, IReadOnlySet<string> numbers, FigureFacts facts)
    {
        var outbound = facts.Outbound.Where(m => numbers.Contains(m.NumberKey)).ToList();
        var accepted = outbound.Where(m => m.Accepted).ToList();
        var delivered = accepted.Where(m => m.Status is "delivered" or "read").ToList();
        var failed = outbound.Where(m => m.Status == "failed").ToList();
        // What reached an outcome at the provider: delivered, or failed there. A rule's refusal never left, a message in flight has no outcome yet.
        var outcomes = delivered.Count + failed.Count(m => !m.RefusedByRule);
        var durations = delivered.Where(m => m.DeliveredAt is not null).Select(m => (m.DeliveredAt!.Value - m.CreatedAt).TotalMilliseconds).Order().ToList();

        var consent = facts.Consent.Where(c => c.Numbers.Any(numbers.Contains)).ToList();
        var people = facts.Contacts.Where(c => numbers.Contains(c.NumberKey)).Select(c => c.Address)
            .Concat(outbound.Select(m => m.To)).Concat(consent.Select(c => c.Address)).ToHashSet().Count;
        var optIns = consent.Where(c => c.Change is "opt_in" or "opt_in_marketing").Select(c => c.Address).Distinct().Count();
        var optOuts = consent.Where(c => c.Change == "opt_out").Select(c => c.Address).Distinct().Count();

        var decisions = facts.Decisions.Where(d => numbers.Contains(d.NumberKey)).ToList();
        return new DeliveryFigures(scope, channel,
            accepted.Count, delivered.Count, accepted.Count(m => m.Status == "read"), failed.Count,
            failed.GroupBy(m => m.ErrorCode ?? "unknown").ToDictionary(g => g.Key, g => g.Count()),
            Rate(delivered.Count, outcomes),
            durations.Count == 0 ? null : TimeSpan.FromMilliseconds(Median(durations)),
            accepted.Select(m => m.To).Distinct().Count(), people, optIns, optOuts, Rate(optIns, people), Rate(optOuts, people),
            decisions.Where(d => d.Kind == "held").Select(d => d.MessageId).Distinct().Count(),
            decisions.Count(d => d.Kind == "refused" && d.Code == "window_closed"),
            decisions.Count(d => d.Kind == "refused" && d.Code is "opted_out" or "no_consent"));
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
