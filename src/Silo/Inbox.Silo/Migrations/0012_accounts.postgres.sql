-- Failed sign-ins, per account and per client address, so the back-off holds on every node and across restarts.
CREATE TABLE sign_in_failures (
    key         text   PRIMARY KEY, -- 'account:<email>' or 'address:<ip>'
    failures    bigint NOT NULL,
    last_at     bigint NOT NULL
);

-- A key may end on its own; a key made before never expires.
ALTER TABLE api_keys ADD COLUMN expires_at bigint;
