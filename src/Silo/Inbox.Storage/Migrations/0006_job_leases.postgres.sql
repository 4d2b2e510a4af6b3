-- A job whose run let its lease lapse (its silo died) is due again at the lease's end, whatever its
-- due_at (which, while a run holds the job, is the next run's). The poll finds those by their lease.
CREATE INDEX durable_jobs_leased ON durable_jobs (service_id, locked_until) WHERE locked_until > 0;
