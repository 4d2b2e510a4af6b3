-- Group chats: a conversation is the thread between one number and one chat (a person's direct chat,
-- or a group); a group's members are contacts of the brand, recorded as they write.
ALTER TABLE conversations ADD COLUMN chat text NOT NULL DEFAULT 'direct';

CREATE TABLE conversation_members (
    conversation_id text   NOT NULL,
    contact_id      text   NOT NULL,
    first_at        bigint NOT NULL,
    PRIMARY KEY (conversation_id, contact_id)
);
