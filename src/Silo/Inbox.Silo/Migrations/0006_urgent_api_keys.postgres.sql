-- Urgent skips quiet hours, so only a key an admin allowed may send urgent alerts. Keys made before default to not allowed.
ALTER TABLE api_keys ADD COLUMN allow_urgent bigint NOT NULL DEFAULT 0;
