-- Consent per brand, channel, number and customer address, with its audit trail; send decisions
-- (held by quiet hours, refused by consent or a channel window) for the figures.

CREATE TABLE consents (
    brand_id    TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    number_key  TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    opted_out   INTEGER NOT NULL,
    alerts      INTEGER NOT NULL,
    marketing   INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (brand_id, channel, number_key, address)
);

CREATE TABLE consent_events (
    id          TEXT PRIMARY KEY,
    brand_id    TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    number_key  TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    change      TEXT    NOT NULL, -- opt_out | opt_in | opt_in_marketing | withdraw_marketing
    method      TEXT    NOT NULL, -- keyword | api | agent | import
    actor       TEXT,
    message_id  TEXT,
    dedupe_key  TEXT,
    reason      TEXT,
    at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX consent_events_dedupe ON consent_events (brand_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX consent_events_person ON consent_events (brand_id, channel, address, at);
CREATE INDEX consent_events_time ON consent_events (brand_id, at);

CREATE TABLE send_events (
    id          TEXT PRIMARY KEY,
    brand_id    TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    number_key  TEXT    NOT NULL,
    message_id  TEXT,
    kind        TEXT    NOT NULL, -- held | refused | urgent
    code        TEXT,
    reason      TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX send_events_time ON send_events (brand_id, at);

ALTER TABLE messages ADD COLUMN delivered_at INTEGER;
ALTER TABLE outbox ADD COLUMN policy TEXT; -- JSON: what the send policy needs to check the message again
