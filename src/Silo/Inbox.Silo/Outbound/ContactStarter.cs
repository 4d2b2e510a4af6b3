using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Outbound;

/// <summary>A message that starts contact: an alert, a marketing message or a support follow-up.</summary>
public sealed record StartContact(
    string BrandId, Channel Channel, Purpose Purpose, string To, string? Text,
    IReadOnlyList<MediaRef>? Media = null, string? From = null, string? ContactName = null,
    Numbers.TemplateUse? Template = null, bool Urgent = false, string? UrgentReason = null);

/// <summary>
/// Picks the brand's number of the matching channel and purpose (or checks the one named), finds or
/// starts the conversation with the recipient there, and queues the message in it.
/// </summary>
public sealed class ContactStarter(IGrainFactory grains, Rows rows)
{
    public async Task<(ConversationRow Conversation, MessageView Message)> SendAsync(Caller caller, StartContact command)
    {
        Visibility.EnsureCanSeeBrand(caller, command.BrandId);
        if (await grains.GetGrain<Brands.IBrandGrain>(command.BrandId).Get() is null) throw Refuse.NotFound("brand", command.BrandId);
        if (!caller.IsOwner && caller.In(command.BrandId)?.Role == Role.Agent)
            throw Refuse.Forbidden("Starting contact takes a supervisor, an admin or the brand's API key.");
        try
        {
            ContactIdentities.From(command.Channel, command.To);
        }
        catch (DomainException bad)
        {
            throw bad.For("to");
        }
        // Refused before anything exists: no contact, route or conversation for an address that cannot be written to.
        if (ContactIdentities.CannotReceive(command.Channel, command.To) is { } cannot) throw cannot;
        var number = await PickNumberAsync(command);
        // Checked here too, before routing makes a contact for a send that cannot go; the conversation checks it again.
        if (command.Urgent && Compliance.UrgentSends.Refusal(caller, true, command.Purpose, number.Purpose, command.UrgentReason) is { } notUrgent) throw notUrgent;
        var target = await grains.GetGrain<INumberGrain>(number.Key).Route(command.To, command.ContactName)
            ?? throw Refuse.Rule("number_unregistered", $"{number.Key} is not registered.");
        var conversation = grains.GetGrain<IConversationGrain>(target.ConversationId);
        var message = await conversation.Send(caller, new Outgoing(command.Text, command.Media, StartsContact: true, Purpose: command.Purpose,
            Template: command.Template, Urgent: command.Urgent, UrgentReason: command.UrgentReason), target);
        var row = await conversation.Get(caller) ?? throw Refuse.NotFound("conversation", target.ConversationId);
        return (row, message);
    }

    private async Task<NumberView> PickNumberAsync(StartContact command)
    {
        if (command.From is { } from)
        {
            var key = new NumberKey(command.Channel, NumberRules.CanonicalAddress(command.Channel, from));
            var named = await grains.GetGrain<INumberGrain>(key.ToString()).Get();
            if (named is null || named.BrandId != command.BrandId) throw Refuse.NotFound("number", key.ToString());
            if (named.Purpose != command.Purpose) throw ChannelNames.Mismatch(named.Key, named.Purpose, command.Purpose);
            return named;
        }
        var keys = await rows.QueryAsync(
            "SELECT number_key FROM numbers WHERE brand_id = $1 AND channel = $2 AND purpose = $3 ORDER BY created_at, number_key LIMIT 1",
            [command.BrandId, command.Channel.Wire(), command.Purpose.Wire()], r => r.GetString(0));
        if (keys.Count == 0)
            throw Refuse.Rule("no_matching_number", $"The brand has no {command.Purpose.Wire()} number on {command.Channel.Display()}; register one first.");
        return await grains.GetGrain<INumberGrain>(keys[0]).Get() ?? throw Refuse.NotFound("number", keys[0]);
    }
}
