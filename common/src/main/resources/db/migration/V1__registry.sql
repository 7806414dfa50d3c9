-- Registry: who and what is watched. Written by the API only.

CREATE TABLE organisation (
    id    text PRIMARY KEY,
    name  text NOT NULL,
    kind  text NOT NULL CHECK (kind IN ('maintenance', 'property', 'bureau')),
    phone text
);

-- A stairwell (单元) of a building: where the lift is and whose households share it.
CREATE TABLE stairwell (
    id            text PRIMARY KEY,
    address       text NOT NULL,
    district_code char(6) NOT NULL CHECK (district_code ~ '^[0-9]{6}$'),
    street        text NOT NULL,
    community     text NOT NULL,
    grid_cell     text NOT NULL,
    building      text NOT NULL,
    unit          text NOT NULL
);
CREATE INDEX stairwell_region_idx ON stairwell (district_code, street, community, grid_cell);

CREATE TABLE lift (
    id             text COLLATE "C" PRIMARY KEY CHECK (id ~ '^[0-9]{20}$'),
    stairwell_id   text NOT NULL REFERENCES stairwell (id),
    emergency_id   text,
    use_cert_no    text,
    model          text,
    floor_labels   text[] NOT NULL CHECK (cardinality(floor_labels) BETWEEN 2 AND 64),
    rated_load_kg  integer CHECK (rated_load_kg > 0),
    rated_speed_ms numeric(4, 2) CHECK (rated_speed_ms > 0),
    maintainer_id  text REFERENCES organisation (id),
    use_unit_id    text REFERENCES organisation (id),
    service_start  date
);
CREATE INDEX lift_stairwell_idx ON lift (stairwell_id);
CREATE INDEX lift_maintainer_idx ON lift (maintainer_id);
CREATE INDEX lift_use_unit_idx ON lift (use_unit_id);

CREATE TABLE household (
    id           text PRIMARY KEY,
    stairwell_id text NOT NULL REFERENCES stairwell (id),
    flat         text NOT NULL,
    floor        text NOT NULL,
    area_m2      numeric(7, 2) CHECK (area_m2 > 0),
    residents    integer CHECK (residents >= 0),
    UNIQUE (stairwell_id, flat)
);

-- An IC card (or QR/face credential) that unlocks a household's floor.
CREATE TABLE card (
    id           text PRIMARY KEY,
    household_id text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    valid_from   date NOT NULL,
    valid_to     date,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX card_household_idx ON card (household_id);
