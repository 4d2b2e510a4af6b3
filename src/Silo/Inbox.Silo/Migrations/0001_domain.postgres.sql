-- The Inbox domain's tables. Grains own the truth; these rows are written in the same unit of
-- work as the grain state that decides them, so lists never disagree with threads.
-- Times are unix milliseconds.

CREATE TABLE brands (
    id          text PRIMARY KEY,
    name        text    NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE teams (
    brand_id    text NOT NULL,
    id          text NOT NULL,
    name        text NOT NULL,
    PRIMARY KEY (brand_id, id)
);

CREATE TABLE numbers (
    number_key       text PRIMARY KEY,
    brand_id         text    NOT NULL,
    channel          text    NOT NULL,
    address          text    NOT NULL,
    display_number   text,
    purpose          text    NOT NULL,
    default_team_id  text,
    provider_account text    NOT NULL,
    created_at       bigint NOT NULL
);
CREATE INDEX numbers_brand ON numbers (brand_id);

-- An address (an E.164 number, a page id, a bot id) is registered once across all brands and channels.
CREATE TABLE address_claims (
    address     text PRIMARY KEY,
    number_key  text NOT NULL
);

CREATE TABLE agents (
    id          text PRIMARY KEY,
    name        text    NOT NULL,
    email       text    NOT NULL UNIQUE,
    is_owner    bigint NOT NULL,
    presence    text    NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE memberships (
    agent_id    text NOT NULL,
    brand_id    text NOT NULL,
    role        text NOT NULL,
    teams       text NOT NULL, -- space-separated team ids
    PRIMARY KEY (agent_id, brand_id)
);
CREATE INDEX memberships_brand ON memberships (brand_id);

CREATE TABLE api_keys (
    id          text PRIMARY KEY,
    key_hash    text    NOT NULL UNIQUE,
    brand_id    text    NOT NULL,
    role        text    NOT NULL,
    name        text    NOT NULL,
    created_at  bigint NOT NULL,
    revoked_at  bigint
);

CREATE TABLE contacts (
    id          text PRIMARY KEY,
    brand_id    text    NOT NULL,
    name        text,
    time_zone   text,
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL
);
CREATE INDEX contacts_brand_name ON contacts (brand_id, name);

CREATE TABLE contact_identities (
    brand_id    text NOT NULL,
    kind        text NOT NULL, -- phone | messenger | telegram
    value       text NOT NULL,
    contact_id  text NOT NULL,
    PRIMARY KEY (brand_id, kind, value)
);
CREATE INDEX contact_identities_contact ON contact_identities (contact_id);

-- Which conversation a sender's traffic to a number belongs to.
CREATE TABLE conversation_routes (
    number_key      text NOT NULL,
    sender          text NOT NULL,
    conversation_id text NOT NULL,
    PRIMARY KEY (number_key, sender)
);

CREATE TABLE conversations (
    id               text PRIMARY KEY,
    brand_id         text    NOT NULL,
    channel          text    NOT NULL,
    number_key       text    NOT NULL,
    contact_id       text    NOT NULL,
    contact_name     text,
    contact_address  text    NOT NULL,
    team_id          text,
    assignee_id      text,
    status           text    NOT NULL,
    snoozed_until    bigint,
    unread           bigint NOT NULL,
    last_inbound_at  bigint,
    last_activity_at bigint NOT NULL,
    preview          text,
    created_at       bigint NOT NULL
);
CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id);
CREATE INDEX conversations_brand ON conversations (brand_id, last_activity_at DESC, id);
CREATE INDEX conversations_status ON conversations (brand_id, status, last_activity_at DESC, id);
CREATE INDEX conversations_team ON conversations (brand_id, team_id, last_activity_at DESC, id);
CREATE INDEX conversations_assignee ON conversations (brand_id, assignee_id, last_activity_at DESC, id);
CREATE INDEX conversations_contact ON conversations (contact_id);

CREATE TABLE messages (
    id                  text PRIMARY KEY,
    conversation_id     text    NOT NULL,
    seq                 bigint NOT NULL,
    brand_id            text    NOT NULL,
    number_key          text    NOT NULL,
    direction           text    NOT NULL,
    author_kind         text    NOT NULL,
    author_id           text,
    body                text,
    media               text, -- JSON array of media references
    is_private          bigint NOT NULL,
    status              text    NOT NULL,
    status_rank         bigint NOT NULL,
    error_code          text,
    error_reason        text,
    provider_message_id text,
    dedupe_key          text,
    sent_at             bigint NOT NULL, -- the provider's time for inbound, ours for outbound
    created_at          bigint NOT NULL
);
CREATE UNIQUE INDEX messages_thread ON messages (conversation_id, sent_at DESC, seq DESC);
CREATE UNIQUE INDEX messages_dedupe ON messages (number_key, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX messages_provider_id ON messages (number_key, provider_message_id) WHERE provider_message_id IS NOT NULL;


-- Statuses that arrived before the send that they report had recorded its provider message id.
CREATE TABLE pending_statuses (
    number_key          text    NOT NULL,
    provider_message_id text    NOT NULL,
    status              text    NOT NULL,
    error_code          text,
    error_reason        text,
    at                  bigint NOT NULL,
    PRIMARY KEY (number_key, provider_message_id, status)
);

CREATE TABLE outbox (
    message_id      text PRIMARY KEY,
    number_key      text    NOT NULL,
    conversation_id text    NOT NULL,
    seq             bigint NOT NULL, -- the message's place in its conversation
    attempts        bigint NOT NULL,
    next_attempt_at bigint NOT NULL,
    first_queued_at bigint NOT NULL
);
CREATE INDEX outbox_queue ON outbox (number_key, first_queued_at, conversation_id, seq);

-- Inbound traffic for addresses no brand has registered: acknowledged, never attached to a brand.
CREATE TABLE unrouted (
    id              text PRIMARY KEY,
    channel         text    NOT NULL,
    number_address  text    NOT NULL,
    sender          text    NOT NULL,
    kind            text    NOT NULL,
    dedupe_key      text    NOT NULL,
    body            text,
    received_at     bigint NOT NULL
);
CREATE UNIQUE INDEX unrouted_dedupe ON unrouted (channel, number_address, dedupe_key);
CREATE INDEX unrouted_time ON unrouted (received_at DESC);
