-- The city's grid supervision receives critical alarm events and rescue milestones as signed HTTP
-- posts, queued in the same outbox (and delivery log) as webhooks.
ALTER TABLE notification DROP CONSTRAINT notification_channel_check;
ALTER TABLE notification ADD CONSTRAINT notification_channel_check CHECK (channel IN ('webhook', 'mqtt', 'city'));

-- Grid membership over time: a stairwell's place in district → street → community → grid cell, kept
-- whenever the grid is redrawn, so aggregates of past periods use the grid as it then was.
CREATE TABLE grid_membership (
    stairwell_id  text NOT NULL REFERENCES stairwell (id) ON DELETE CASCADE,
    district_code char(6) NOT NULL,
    street        text NOT NULL,
    community     text NOT NULL,
    grid_cell     text NOT NULL,
    valid_from    timestamptz NOT NULL,
    valid_to      timestamptz,
    PRIMARY KEY (stairwell_id, valid_from)
);

CREATE FUNCTION record_grid_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.district_code, OLD.street, OLD.community, OLD.grid_cell)
            IS NOT DISTINCT FROM (NEW.district_code, NEW.street, NEW.community, NEW.grid_cell) THEN
        RETURN NEW;
    END IF;
    UPDATE grid_membership SET valid_to = now() WHERE stairwell_id = NEW.id AND valid_to IS NULL;
    INSERT INTO grid_membership (stairwell_id, district_code, street, community, grid_cell, valid_from)
    VALUES (NEW.id, NEW.district_code, NEW.street, NEW.community, NEW.grid_cell,
            CASE WHEN TG_OP = 'INSERT' THEN '-infinity'::timestamptz ELSE now() END)
    ON CONFLICT (stairwell_id, valid_from) DO UPDATE
        SET district_code = EXCLUDED.district_code, street = EXCLUDED.street, community = EXCLUDED.community,
            grid_cell = EXCLUDED.grid_cell, valid_to = NULL;
    RETURN NEW;
END $$;
CREATE TRIGGER stairwell_grid_membership AFTER INSERT OR UPDATE ON stairwell
    FOR EACH ROW EXECUTE FUNCTION record_grid_membership();
INSERT INTO grid_membership (stairwell_id, district_code, street, community, grid_cell, valid_from)
SELECT id, district_code, street, community, grid_cell, '-infinity' FROM stairwell;
