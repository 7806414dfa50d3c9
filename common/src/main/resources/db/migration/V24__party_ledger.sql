-- The fund's book per responsible party: what a statement charges, reverses and what is paid belongs to
-- the party (owner or tenant) responsible for the days charged, so a flat sold mid-period keeps the old
-- owner's debt with the old owner. A correction reverses each charge of the statement it supersedes by
-- an entry of its own, on the day it is recorded, and books the new charges beside it.
ALTER TABLE fund_entry ADD COLUMN party text;
ALTER TABLE fund_entry ADD COLUMN reverses bigint REFERENCES fund_entry (id);
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_reversed_once UNIQUE (reverses);

ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_kind_check;
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_kind_check
    CHECK (kind IN ('charge', 'reversal', 'payment', 'expense', 'income'));
ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_check;
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_amount_check
    CHECK (kind IN ('charge', 'reversal') OR amount_fen > 0);
ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_check1;
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_household_check
    CHECK ((kind IN ('charge', 'reversal', 'payment')) = (household_id IS NOT NULL));
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_reversal_check
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL));
-- Entries booked before parties were kept have none (nor do reversals of them); every new charge and
-- payment names one.
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_party_check
    CHECK (kind NOT IN ('charge', 'payment') OR party IS NOT NULL) NOT VALID;

CREATE INDEX fund_entry_party_idx ON fund_entry (stairwell_id, household_id, party);
