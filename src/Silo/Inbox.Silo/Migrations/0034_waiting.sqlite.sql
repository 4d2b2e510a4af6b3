-- How long the customer has waited for an answer (Conversations/Waiting.cs) and the list's default order: waiting
-- conversations first, the longest-waiting first, then the others by last activity, newest first. waiting_order is that
-- order as one ascending number (the waiting time itself, or 2^62 minus the last activity), so a keyset page reads one index.
ALTER TABLE conversations ADD COLUMN waiting_since INTEGER;
ALTER TABLE conversations ADD COLUMN waiting_order INTEGER NOT NULL DEFAULT 0;

-- Existing threads: the oldest customer message after the last answer (any message sent to the customer but the alerts
-- number's automatic reply) or resolve; a resolved thread waits on nobody.
UPDATE conversations SET waiting_since = (
    SELECT MIN(m.sent_at) FROM messages m
    WHERE m.conversation_id = conversations.id AND m.direction = 'inbound' AND m.author_kind <> 'system' AND m.activity IS NULL
      AND m.seq > COALESCE((
          SELECT MAX(a.seq) FROM messages a
          WHERE a.conversation_id = conversations.id
            AND ((a.direction = 'outbound' AND a.is_private = 0 AND a.activity IS NULL AND NOT (a.author_kind = 'system' AND a.author_id IS NULL))
                 OR a.activity LIKE '%"action":"Resolved"%')), 0))
WHERE status <> 'resolved';
UPDATE conversations SET waiting_order = CASE WHEN waiting_since IS NULL THEN 4611686018427387904 - last_activity_at ELSE waiting_since END;

CREATE INDEX conversations_waiting ON conversations (waiting_order, id);
CREATE INDEX conversations_brand_waiting ON conversations (brand_id, waiting_order, id);
CREATE INDEX conversations_status_waiting ON conversations (brand_id, status, waiting_order, id);
CREATE INDEX conversations_team_waiting ON conversations (brand_id, team_id, waiting_order, id);
CREATE INDEX conversations_assignee_waiting ON conversations (brand_id, assignee_id, waiting_order, id);
-- "Unassigned" asks for assignee_id IS NULL, which the planner does not read as an equality that keeps the index above
-- in order: this one holds just those rows, in the list's order.
CREATE INDEX conversations_unassigned_waiting ON conversations (brand_id, waiting_order, id) WHERE assignee_id IS NULL;
