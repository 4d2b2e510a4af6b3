-- Provider accounts: owned by a brand, or by the instance owner (owner_brand_id NULL) and shared with named brands.
CREATE TABLE provider_accounts (
    id             TEXT PRIMARY KEY,
    kind           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    owner_brand_id TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX provider_accounts_brand ON provider_accounts (owner_brand_id);

CREATE TABLE provider_account_shares (
    account_id TEXT NOT NULL,
    brand_id   TEXT NOT NULL,
    PRIMARY KEY (account_id, brand_id)
);
CREATE INDEX provider_account_shares_brand ON provider_account_shares (brand_id);
