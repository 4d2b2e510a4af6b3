-- The provider's own time of a message that came in as an event. sent_at places the message in the
-- thread: the provider's time, or ours when the provider's clock ran more than a few minutes ahead.
ALTER TABLE messages ADD COLUMN provider_at INTEGER;

-- Until now sent_at was the provider's time for every message an event brought (they carry its dedupe key).
UPDATE messages SET provider_at = sent_at WHERE dedupe_key IS NOT NULL;
