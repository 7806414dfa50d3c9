-- Cost sharing: what a stairwell's lift cost in a period, how its households agreed to share it, the
-- statements issued from those, and the maintenance fund they pay into. Written by the API only.

-- One cost or income of a stairwell's lift for a period. Electricity is either a bill (amount_fen) or
-- metered: the lift's counted kWh in the statement period times the tariff.
CREATE TABLE cost_item (
    id                 bigserial PRIMARY KEY,
    stairwell_id       text   NOT NULL REFERENCES stairwell (id) ON DELETE CASCADE,
    period_from        date   NOT NULL,
    period_to          date   NOT NULL,
    kind               text   NOT NULL CHECK (kind IN ('maintenance', 'electricity', 'insurance', 'inspection',
                                                       'repairs', 'other', 'advertising', 'subsidy')),
    amount_fen         bigint CHECK (amount_fen >= 0),
    tariff_fen_per_kwh numeric(12, 4) CHECK (tariff_fen_per_kwh >= 0),
    note               text,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (period_to > period_from),
    CHECK ((amount_fen IS NULL) <> (tariff_fen_per_kwh IS NULL)),
    CHECK (tariff_fen_per_kwh IS NULL OR kind = 'electricity')
);
CREATE INDEX cost_item_period_idx ON cost_item (stairwell_id, period_from);

-- The scheme a stairwell agreed, from a date on. A new scheme never takes effect inside a period that
-- already has a statement, so the past is never rewritten (the API checks it).
CREATE TABLE billing_scheme (
    stairwell_id      text   NOT NULL REFERENCES stairwell (id) ON DELETE CASCADE,
    effective_from    date   NOT NULL,
    scheme            jsonb  NOT NULL,
    exempt_households text[] NOT NULL DEFAULT '{}',
    note              text,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stairwell_id, effective_from)
);

-- An issued statement: the pool of a period shared among the households, with the inputs that explain
-- every share. Never changed: a correction is a new version that names the one it supersedes.
CREATE TABLE statement (
    id           bigserial PRIMARY KEY,
    stairwell_id text    NOT NULL REFERENCES stairwell (id),
    period_from  date    NOT NULL,
    period_to    date    NOT NULL,
    version      integer NOT NULL,
    supersedes   bigint REFERENCES statement (id),
    reason       text,
    issued_at    timestamptz NOT NULL DEFAULT now(),
    pool_fen     bigint  NOT NULL,
    charged_fen  bigint  NOT NULL,
    scheme       jsonb   NOT NULL,
    inputs       jsonb   NOT NULL,
    UNIQUE (stairwell_id, period_from, version),
    UNIQUE (supersedes)
);
CREATE INDEX statement_period_idx ON statement (stairwell_id, period_to);

CREATE TABLE statement_line (
    statement_id bigint  NOT NULL REFERENCES statement (id),
    line         integer NOT NULL,
    household_id text    NOT NULL,
    flat         text    NOT NULL,
    floor        text    NOT NULL,
    party        text,
    days         integer NOT NULL,
    rides        bigint  NOT NULL,
    residents    integer NOT NULL,
    area_m2      numeric(8, 2),
    exempt       boolean NOT NULL,
    weight       numeric,
    fen          bigint  NOT NULL CHECK (fen >= 0),
    PRIMARY KEY (statement_id, line)
);

-- The stairwell's maintenance fund, append-only: charges come from statements (a correction reverses
-- the old charges and books the new), payments from households, expenses and income from the manager.
CREATE TABLE fund_entry (
    id           bigserial PRIMARY KEY,
    stairwell_id text   NOT NULL REFERENCES stairwell (id),
    household_id text,
    kind         text   NOT NULL CHECK (kind IN ('charge', 'payment', 'expense', 'income')),
    amount_fen   bigint NOT NULL,
    on_date      date   NOT NULL,
    statement_id bigint REFERENCES statement (id),
    note         text,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'charge' OR amount_fen > 0),
    CHECK ((kind IN ('charge', 'payment')) = (household_id IS NOT NULL))
);
CREATE INDEX fund_entry_stairwell_idx ON fund_entry (stairwell_id, on_date, id);

-- What is issued or booked stays as it was: the database refuses to change or remove it.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable; issue a correction instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER statement_immutable BEFORE UPDATE OR DELETE ON statement
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER statement_line_immutable BEFORE UPDATE OR DELETE ON statement_line
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER fund_entry_immutable BEFORE UPDATE OR DELETE ON fund_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
