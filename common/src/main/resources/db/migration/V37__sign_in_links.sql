-- One-time sign-in links for the console: a secret valid for minutes, used once, that the API exchanges for
-- a session cookie (the demo opens the console as a chosen role with one). Kept only as a hash, like
-- tokens. Written by whoever issues the link (the demo, as the schema owner) and spent by the API.
CREATE TABLE sign_in_link (
    link_hash  text PRIMARY KEY,
    account_id text        NOT NULL REFERENCES account (id),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX sign_in_link_expiry_idx ON sign_in_link (expires_at);
