-- Grain state keyed by its most selective column first, so a lookup settles on the key's first
-- text instead of comparing service, type and key at every step down the tree; and modified_at
-- as unix milliseconds, which the writer binds as a number instead of formatting a time.
CREATE TABLE grain_state_next (
    grain_key   TEXT    NOT NULL,
    grain_type  TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    service_id  TEXT    NOT NULL,
    payload     TEXT,
    version     INTEGER NOT NULL,
    modified_at INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (grain_key, grain_type, state_name, service_id)
) WITHOUT ROWID;

INSERT INTO grain_state_next (grain_key, grain_type, state_name, service_id, payload, version, modified_at)
SELECT grain_key, grain_type, state_name, service_id, payload, version,
       COALESCE(CAST(ROUND((julianday(modified_at) - 2440587.5) * 86400000) AS INTEGER), 0)
FROM grain_state;

DROP TABLE grain_state;
ALTER TABLE grain_state_next RENAME TO grain_state;
