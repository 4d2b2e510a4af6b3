-- A provider account's credentials, sealed by the web host with ASP.NET Core Data Protection (never
-- plaintext here), so a node can find every Meta app's webhook secrets without activating each grain.
ALTER TABLE provider_accounts ADD COLUMN credentials TEXT;
