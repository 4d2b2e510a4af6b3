-- Consent per brand, channel, number and customer address, with its audit trail; send decisions
-- (held by quiet hours, refused by consent or a channel window) for the figures.

CREATE TABLE consents (
    brand_id    text    NOT NULL,
    channel     text    NOT NULL,
    number_key  text    NOT NULL,
    address     text    NOT NULL,
    opted_out   bigint NOT NULL,
    alerts      bigint NOT NULL,
    marketing   bigint NOT NULL,
    updated_at  bigint NOT NULL,
    PRIMARY KEY (brand_id, channel, number_key, address)
);

CREATE TABLE consent_events (
    id          text PRIMARY KEY,
    brand_id    text    NOT NULL,
    channel     text    NOT NULL,
    number_key  text    NOT NULL,
    address     text    NOT NULL,
    change      text    NOT NULL, -- opt_out | opt_in | opt_in_marketing | withdraw_marketing
    method      text    NOT NULL, -- keyword | api | agent | import
    actor       text,
    message_id  text,
    dedupe_key  text,
    reason      text,
    at          bigint NOT NULL
);
CREATE UNIQUE INDEX consent_events_dedupe ON consent_events (brand_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX consent_events_person ON consent_events (brand_id, channel, address, at);
CREATE INDEX consent_events_time ON consent_events (brand_id, at);

CREATE TABLE send_events (
    id          text PRIMARY KEY,
    brand_id    text    NOT NULL,
    channel     text    NOT NULL,
    number_key  text    NOT NULL,
    message_id  text,
    kind        text    NOT NULL, -- held | refused | urgent
    code        text,
    reason      text,
    at          bigint NOT NULL
);
CREATE INDEX send_events_time ON send_events (brand_id, at);

ALTER TABLE messages ADD COLUMN delivered_at bigint;
ALTER TABLE outbox ADD COLUMN policy text; -- JSON: what the send policy needs to check the message again
