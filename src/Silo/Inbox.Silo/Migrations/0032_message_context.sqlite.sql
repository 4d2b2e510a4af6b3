-- What a message carries besides its text and media, and the customer's reactions to messages.
-- The extras are read only to be shown, never searched or filtered, so one JSON column keeps the many
-- plain messages' rows as narrow as they were (NULL). The replied-to message's provider id is a column
-- of its own: the thread resolves it to our message at read time, so a reply that arrived before the
-- message it answers still finds it.
ALTER TABLE messages ADD COLUMN extras TEXT; -- JSON: {"location":…,"contacts":[…]}; NULL when there are none
ALTER TABLE messages ADD COLUMN reply_to_provider_id TEXT; -- the provider's id of the message this one answers

-- One row per reaction event (set, changed or taken away: emoji ''), deduped by the provider's key like a
-- message. What a message shows is each person's latest by provider time, so a redelivery or an older
-- event arriving late changes nothing, and a reaction to a message not (yet) known waits here for it.
CREATE TABLE message_reactions (
    number_key          TEXT    NOT NULL,
    dedupe_key          TEXT    NOT NULL,
    conversation_id     TEXT    NOT NULL,
    provider_message_id TEXT    NOT NULL, -- the message reacted to
    contact_id          TEXT    NOT NULL, -- who reacted
    emoji               TEXT    NOT NULL,
    provider_at         INTEGER NOT NULL,
    received_at         INTEGER NOT NULL,
    PRIMARY KEY (number_key, dedupe_key)
);
CREATE INDEX message_reactions_target ON message_reactions (conversation_id, provider_message_id);
