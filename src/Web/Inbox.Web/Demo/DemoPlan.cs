using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;

namespace Inbox.Web.Demo;

public sealed record DemoBrand(string Id, string Name, IReadOnlyList<string> Teams, BrandSettings Settings);

/// <summary>A number of a demo brand; it is registered once a fake for its channel is (<see cref="DemoChannels"/>).</summary>
public sealed record DemoNumber(string BrandId, Channel Channel, string Address, Purpose Purpose, string? Team = null, string? Display = null, string? AutoReply = null)
{
    public string Key => $"{Channel.Wire()}:{Address}";
}

/// <summary>
/// A customer's message in a demo conversation, written with its number when the number is registered;
/// <see cref="OptedIn"/> is the reason the customer is on the brand's list for that channel, if they are.
/// </summary>
public sealed record DemoMessage(Channel Channel, string To, string From, string Name, string Text, int MinutesAgo, string? OptedIn = null);

public sealed record DemoMembership(string BrandId, Role Role, IReadOnlyList<string> Teams);

public sealed record DemoAgent(string Id, string Name, string Email, bool IsOwner, IReadOnlyList<DemoMembership> Memberships);

/// <summary>
/// What the demo is, as data: two brands with fixed ids (so a second start finds them), their numbers on every
/// channel, the people who sign in, and a few customers who wrote in. Contoso sends WhatsApp support and SMS alerts;
/// Fabrikam runs Messenger, Telegram and two SMS numbers. Only numbers whose channel has a fake in this process are
/// written, so a channel's numbers and conversations arrive on the first start after its fake is registered.
/// </summary>
public static class DemoPlan
{
    public const string Contoso = "brd_demo_contoso";
    public const string Fabrikam = "brd_demo_fabrikam";

    public static readonly IReadOnlyList<DemoBrand> Brands =
    [
        new(Contoso, "Contoso Coffee", ["Support", "Billing"], new BrandSettings
        {
            HelpText = "Contoso Coffee: order help on WhatsApp at +1 555 010 0101. Msg & data rates may apply. Reply STOP to opt out.",
        }),
        new(Fabrikam, "Fabrikam Bikes", ["Support", "Workshop"], new BrandSettings
        {
            HelpText = "Fabrikam Bikes: help at +1 555 010 0100, bookings at +1 555 010 0103. Msg & data rates may apply. Reply STOP to opt out.",
        }),
    ];

    public static readonly IReadOnlyList<DemoNumber> Numbers =
    [
        new(Contoso, Channel.WhatsApp, "100000000000001", Purpose.Support, "Support", Display: "+15550100101"),
        new(Contoso, Channel.Sms, "+15550100102", Purpose.Alerts,
            AutoReply: "Contoso Coffee alerts are one-way. For help, message us on WhatsApp at +1 555 010 0101."),
        new(Fabrikam, Channel.Sms, "+15550100100", Purpose.Support, "Support"),
        new(Fabrikam, Channel.Sms, "+15550100103", Purpose.Support, "Workshop"),
        new(Fabrikam, Channel.Messenger, "100000000000002", Purpose.Support, "Support"),
        new(Fabrikam, Channel.Telegram, "1000000003", Purpose.Support, "Support"),
    ];

    public static readonly IReadOnlyList<DemoMessage> Conversations =
    [
        new(Channel.Sms, "+15550100100", "+14255550123", "Ana", "Hi! My new bike hasn't arrived yet, order #1042.", 42),
        new(Channel.Sms, "+15550100100", "+14255550123", "Ana", "It was due on Friday.", 41),
        new(Channel.WhatsApp, "100000000000001", "442079460958", "Ben", "Do you ship beans to London?", 12),
        new(Channel.Sms, "+15550100100", "+12065550199", "Chloe", "Can I move my service plan to the city store?", 3),
        new(Channel.Sms, "+15550100103", "+14255550188", "Erik", "Can I book a brake repair for Saturday?", 25),
        new(Channel.Sms, "+15550100102", "+14255550147", "Dana", "Is my order out for delivery?", 8, OptedIn: "demo: signed up for delivery alerts"),
        new(Channel.Messenger, "100000000000002", "6100000000000001", "Mia", "Do you have kids' bikes in stock?", 17),
        new(Channel.Telegram, "1000000003", "700000001", "Tom", "Is the shop open on Sunday?", 6),
    ];

    public static readonly IReadOnlyList<DemoAgent> Agents =
    [
        new("agt_demo_owner", "Olivia Owner", DemoData.OwnerEmail, IsOwner: true, []),
        new("agt_demo_supervisor", "Sofia Supervisor", DemoData.SupervisorEmail, IsOwner: false,
            [new(Contoso, Role.Supervisor, ["Support", "Billing"]), new(Fabrikam, Role.Supervisor, ["Support", "Workshop"])]),
        new("agt_demo_agent", "Sam Agent", DemoData.AgentEmail, IsOwner: false,
            [new(Contoso, Role.Agent, ["Support"]), new(Fabrikam, Role.Agent, ["Support"])]),
        new("agt_demo_workshop", "Wes Workshop", DemoData.WorkshopEmail, IsOwner: false, [new(Fabrikam, Role.Agent, ["Workshop"])]),
    ];
}
