-- Grain state: one row per (service, grain type, key, state name). The version is the ETag.
CREATE TABLE grain_state (
    service_id  varchar(150) NOT NULL,
    grain_type  text         NOT NULL,
    grain_key   text         NOT NULL,
    state_name  text         NOT NULL,
    payload     jsonb,
    version     bigint       NOT NULL,
    modified_at timestamptz  NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
);

-- Durable jobs: one-shot, at-least-once. A job is named per grain; scheduling the name again replaces it.
CREATE TABLE durable_jobs (
    service_id   varchar(150) NOT NULL,
    grain_type   text         NOT NULL,
    grain_key    text         NOT NULL,
    job_name     text         NOT NULL,
    payload      text,
    due_at       bigint       NOT NULL, -- unix milliseconds
    token        text         NOT NULL, -- changes on every (re)schedule, so a finishing run never deletes a newer schedule
    attempts     integer      NOT NULL DEFAULT 0,
    locked_until bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, grain_type, grain_key, job_name)
);

CREATE INDEX durable_jobs_due ON durable_jobs (service_id, due_at);
