-- Files an agent uploaded to send (POST /api/v1/brands/{brandId}/media). They live in the database so any
-- node's outbox can open one when the message leaves, and a message names one as inbox-media:{id}.
CREATE TABLE media_uploads (
    id           TEXT    NOT NULL PRIMARY KEY,
    brand_id     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    file_name    TEXT,
    size         INTEGER    NOT NULL,
    content      BLOB    NOT NULL,
    uploaded_by  TEXT,
    created_at   INTEGER    NOT NULL
);
CREATE INDEX media_uploads_brand ON media_uploads (brand_id, created_at);
