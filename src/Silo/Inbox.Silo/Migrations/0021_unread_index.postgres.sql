-- A monitoring agent's unread counts a conversation's customer messages after a sequence number: this
-- index holds just those rows, in order, so the count reads no more than it counts.
CREATE INDEX messages_from_customer ON messages (conversation_id, seq)
    WHERE direction = 'inbound' AND author_kind <> 'system' AND activity IS NULL;
