-- ASP.NET Core's data-protection key ring (it signs cookies and antiforgery tokens), shared by every
-- node and kept across restarts. Outside Development each key's secret is encrypted with a certificate.
CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
