-- Who is responsible for a flat's share, over time: owners and tenants change, and the periods of a
-- flat must follow one another with no gap and no overlap (the API refuses timelines that do not).
-- Written by the API only.
CREATE TABLE household_party (
    id           bigserial PRIMARY KEY,
    household_id text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    party        text NOT NULL,
    contact      text,
    valid_from   date NOT NULL,
    valid_to     date,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX household_party_idx ON household_party (household_id, valid_from);
