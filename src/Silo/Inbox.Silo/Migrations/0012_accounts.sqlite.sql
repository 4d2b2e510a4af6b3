-- Failed sign-ins, per account and per client address, so the back-off holds on every node and across restarts.
CREATE TABLE sign_in_failures (
    key         TEXT PRIMARY KEY, -- 'account:<email>' or 'address:<ip>'
    failures    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL
);

-- A key may end on its own; a key made before never expires.
ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
