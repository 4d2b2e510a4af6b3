-- Files an agent uploaded to send (POST /api/v1/brands/{brandId}/media). They live in the database so any
-- node's outbox can open one when the message leaves, and a message names one as inbox-media:{id}.
CREATE TABLE media_uploads (
    id           text    NOT NULL PRIMARY KEY,
    brand_id     text    NOT NULL,
    content_type text    NOT NULL,
    file_name    text,
    size         bigint    NOT NULL,
    content      bytea    NOT NULL,
    uploaded_by  text,
    created_at   bigint    NOT NULL
);
CREATE INDEX media_uploads_brand ON media_uploads (brand_id, created_at);
