-- Domain rows for the unit-of-work tests: a host's own migration, applied after the store's.
CREATE TABLE uow_rows (service_id TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (service_id, id));
CREATE TABLE uow_log (service_id TEXT NOT NULL, id TEXT NOT NULL);
