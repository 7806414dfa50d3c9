-- A person's token can be refreshed for a week after the password was given, then the password is asked
-- again; a machine's token (issued by an administrator) is never refreshed, only reissued.
ALTER TABLE api_token ADD COLUMN refreshable_until timestamptz;
