-- A consent change has two times: `at`, when it was made (the provider's time for a keyword or a
-- channel's event, receipt for the API, an agent or an import), which decides the current state; and
-- `received_at`, when it reached us, for the audit trail. A STOP can arrive before an earlier START.
ALTER TABLE consent_events ADD COLUMN received_at bigint;

-- Until now a change was applied when it arrived: its receipt time is not recorded, its own is the best guess.
UPDATE consent_events SET received_at = at;
