-- Who may use the API: accounts with one role and, for companies and managers, their organisation, for
-- bureaus their region (a district code). Passwords and tokens are kept only as hashes. Every write
-- through the API is logged with the account that made it. Written by the API (and the accounts command).
CREATE TABLE account (
    id              text PRIMARY KEY,
    name            text NOT NULL,
    role            text NOT NULL CHECK (role IN ('admin', 'maintenance', 'property', 'bureau', 'city')),
    organisation_id text REFERENCES organisation (id),
    region          text,
    password_hash   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz,
    CHECK ((role IN ('maintenance', 'property')) = (organisation_id IS NOT NULL)),
    CHECK ((role = 'bureau') = (region IS NOT NULL))
);

CREATE TABLE api_token (
    id          bigserial PRIMARY KEY,
    account_id  text NOT NULL REFERENCES account (id),
    token_hash  text NOT NULL UNIQUE,
    label       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE api_write (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    account_id text NOT NULL,
    method     text NOT NULL,
    path       text NOT NULL,
    status     integer NOT NULL
);
CREATE INDEX api_write_account_idx ON api_write (account_id, at);
