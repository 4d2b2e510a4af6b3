-- Group chats: a conversation is the thread between one number and one chat (a person's direct chat,
-- or a group); a group's members are contacts of the brand, recorded as they write.
ALTER TABLE conversations ADD COLUMN chat TEXT NOT NULL DEFAULT 'direct';

CREATE TABLE conversation_members (
    conversation_id TEXT    NOT NULL,
    contact_id      TEXT    NOT NULL,
    first_at        INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, contact_id)
);
