-- Why an inbound event was kept in unrouted: no brand registered its address (unknown_number), or the
-- event could not be taken as it is (missing_dedupe_key, bad_phone_number, ...), with a readable reason.

ALTER TABLE unrouted ADD COLUMN code TEXT;
ALTER TABLE unrouted ADD COLUMN reason TEXT;

-- Until now only traffic for unregistered addresses was kept here.
UPDATE unrouted SET code = 'unknown_number', reason = 'No brand has registered this address.' WHERE code IS NULL;
