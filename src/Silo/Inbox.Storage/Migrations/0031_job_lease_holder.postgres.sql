-- The silo that holds a job's lease (SiloAddress.ToParsableString()), so that when membership declares
-- that silo dead a survivor ends its leases at once rather than when they lapse.
ALTER TABLE durable_jobs ADD COLUMN locked_by text;
