-- Tokens expire: a person's password login lasts hours, a token an administrator issues for a machine
-- lasts the days asked for. Tokens issued before expiry existed get 90 days from their creation.
ALTER TABLE api_token ADD COLUMN expires_at timestamptz;
UPDATE api_token SET expires_at = created_at + interval '90 days';
ALTER TABLE api_token ALTER COLUMN expires_at SET NOT NULL;

-- A browser's EventSource cannot send an Authorization header, and a token in a URL ends up in logs and
-- history. The live stream takes a ticket instead: issued for a token, valid for a minute, used once.
-- Kept only as a hash, like tokens. Written by the API.
CREATE TABLE stream_ticket (
    ticket_hash text PRIMARY KEY,
    token_id    bigint NOT NULL REFERENCES api_token (id),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX stream_ticket_expiry_idx ON stream_ticket (expires_at);
