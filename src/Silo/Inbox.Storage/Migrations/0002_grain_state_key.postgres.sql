-- Grain state keyed by its most selective column first, so a lookup settles on the key's first
-- text instead of comparing service, type and key at every step down the tree.
ALTER TABLE grain_state DROP CONSTRAINT grain_state_pkey;
ALTER TABLE grain_state ADD PRIMARY KEY (grain_key, grain_type, state_name, service_id);
