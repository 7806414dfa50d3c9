-- Cost items that span statement periods: each statement bills the part of an item that falls in its
-- period, and keeps which part it billed, so the parts of an item can be checked against the item and
-- anything recorded but not yet billed can be listed. Written by the API only.
CREATE TABLE statement_cost_part (
    statement_id bigint NOT NULL REFERENCES statement (id),
    -- No foreign key: an issued statement keeps its copy of an item even if the item is removed later.
    cost_item_id bigint NOT NULL,
    part_from    date   NOT NULL,
    part_to      date   NOT NULL,
    -- Null for metered electricity, whose part is priced from the kWh counted in its days.
    fen          bigint,
    PRIMARY KEY (statement_id, cost_item_id),
    CHECK (part_to > part_from)
);
CREATE INDEX statement_cost_part_item_idx ON statement_cost_part (cost_item_id);

CREATE TRIGGER statement_cost_part_immutable BEFORE UPDATE OR DELETE ON statement_cost_part
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER statement_cost_part_no_truncate BEFORE TRUNCATE ON statement_cost_part
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A line's weight in the scheme's own unit (percent, coefficient, m², residents, rides, fen per ride),
-- shown beside its days; older lines have none and show their weight as it was computed.
ALTER TABLE statement_line ADD COLUMN weight_unit text;
