-- Grain state: one row per (service, grain type, key, state name). The version is the ETag.
CREATE TABLE grain_state (
    service_id  TEXT    NOT NULL,
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    payload     TEXT,
    version     INTEGER NOT NULL,
    modified_at TEXT    NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
) WITHOUT ROWID;

-- Durable jobs: one-shot, at-least-once. A job is named per grain; scheduling the name again replaces it.
CREATE TABLE durable_jobs (
    service_id   TEXT    NOT NULL,
    grain_type   TEXT    NOT NULL,
    grain_key    TEXT    NOT NULL,
    job_name     TEXT    NOT NULL,
    payload      TEXT,
    due_at       INTEGER NOT NULL, -- unix milliseconds
    token        TEXT    NOT NULL, -- changes on every (re)schedule, so a finishing run never deletes a newer schedule
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, grain_type, grain_key, job_name)
) WITHOUT ROWID;

CREATE INDEX durable_jobs_due ON durable_jobs (service_id, due_at);
