-- The Inbox domain's tables. Grains own the truth; these rows are written in the same unit of
-- work as the grain state that decides them, so lists never disagree with threads.
-- Times are unix milliseconds.

CREATE TABLE brands (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE teams (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (brand_id, id)
);

CREATE TABLE numbers (
    number_key       TEXT PRIMARY KEY,
    brand_id         TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    address          TEXT    NOT NULL,
    display_number   TEXT,
    purpose          TEXT    NOT NULL,
    default_team_id  TEXT,
    provider_account TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX numbers_brand ON numbers (brand_id);

-- An address (an E.164 number, a page id, a bot id) is registered once across all brands and channels.
CREATE TABLE address_claims (
    address     TEXT PRIMARY KEY,
    number_key  TEXT NOT NULL
);

CREATE TABLE agents (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL UNIQUE,
    is_owner    INTEGER NOT NULL,
    presence    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE memberships (
    agent_id    TEXT NOT NULL,
    brand_id    TEXT NOT NULL,
    role        TEXT NOT NULL,
    teams       TEXT NOT NULL, -- space-separated team ids
    PRIMARY KEY (agent_id, brand_id)
);
CREATE INDEX memberships_brand ON memberships (brand_id);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    key_hash    TEXT    NOT NULL UNIQUE,
    brand_id    TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    brand_id    TEXT    NOT NULL,
    name        TEXT,
    time_zone   TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX contacts_brand_name ON contacts (brand_id, name);

CREATE TABLE contact_identities (
    brand_id    TEXT NOT NULL,
    kind        TEXT NOT NULL, -- phone | messenger | telegram
    value       TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    PRIMARY KEY (brand_id, kind, value)
);
CREATE INDEX contact_identities_contact ON contact_identities (contact_id);

-- Which conversation a sender's traffic to a number belongs to.
CREATE TABLE conversation_routes (
    number_key      TEXT NOT NULL,
    sender          TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    PRIMARY KEY (number_key, sender)
);

CREATE TABLE conversations (
    id               TEXT PRIMARY KEY,
    brand_id         TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    number_key       TEXT    NOT NULL,
    contact_id       TEXT    NOT NULL,
    contact_name     TEXT,
    contact_address  TEXT    NOT NULL,
    team_id          TEXT,
    assignee_id      TEXT,
    status           TEXT    NOT NULL,
    snoozed_until    INTEGER,
    unread           INTEGER NOT NULL,
    last_inbound_at  INTEGER,
    last_activity_at INTEGER NOT NULL,
    preview          TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id);
CREATE INDEX conversations_brand ON conversations (brand_id, last_activity_at DESC, id);
CREATE INDEX conversations_status ON conversations (brand_id, status, last_activity_at DESC, id);
CREATE INDEX conversations_team ON conversations (brand_id, team_id, last_activity_at DESC, id);
CREATE INDEX conversations_assignee ON conversations (brand_id, assignee_id, last_activity_at DESC, id);
CREATE INDEX conversations_contact ON conversations (contact_id);

CREATE TABLE messages (
    id                  TEXT PRIMARY KEY,
    conversation_id     TEXT    NOT NULL,
    seq                 INTEGER NOT NULL,
    brand_id            TEXT    NOT NULL,
    number_key          TEXT    NOT NULL,
    direction           TEXT    NOT NULL,
    author_kind         TEXT    NOT NULL,
    author_id           TEXT,
    body                TEXT,
    media               TEXT, -- JSON array of media references
    is_private          INTEGER NOT NULL,
    status              TEXT    NOT NULL,
    status_rank         INTEGER NOT NULL,
    error_code          TEXT,
    error_reason        TEXT,
    provider_message_id TEXT,
    dedupe_key          TEXT,
    sent_at             INTEGER NOT NULL, -- the provider's time for inbound, ours for outbound
    created_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_thread ON messages (conversation_id, sent_at DESC, seq DESC);
CREATE UNIQUE INDEX messages_dedupe ON messages (number_key, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX messages_provider_id ON messages (number_key, provider_message_id) WHERE provider_message_id IS NOT NULL;


-- Statuses that arrived before the send that they report had recorded its provider message id.
CREATE TABLE pending_statuses (
    number_key          TEXT    NOT NULL,
    provider_message_id TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    error_code          TEXT,
    error_reason        TEXT,
    at                  INTEGER NOT NULL,
    PRIMARY KEY (number_key, provider_message_id, status)
);

CREATE TABLE outbox (
    message_id      TEXT PRIMARY KEY,
    number_key      TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL, -- the message's place in its conversation
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    first_queued_at INTEGER NOT NULL
);
CREATE INDEX outbox_queue ON outbox (number_key, first_queued_at, conversation_id, seq);

-- Inbound traffic for addresses no brand has registered: acknowledged, never attached to a brand.
CREATE TABLE unrouted (
    id              TEXT PRIMARY KEY,
    channel         TEXT    NOT NULL,
    number_address  TEXT    NOT NULL,
    sender          TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    dedupe_key      TEXT    NOT NULL,
    body            TEXT,
    received_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX unrouted_dedupe ON unrouted (channel, number_address, dedupe_key);
CREATE INDEX unrouted_time ON unrouted (received_at DESC);
