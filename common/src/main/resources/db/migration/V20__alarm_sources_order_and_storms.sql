-- Who raised each alarm and who still holds it open: 'device' (the controller's report), 'inferred' (a
-- condition read from status or counters), 'timer' (a deadline), 'person' (through the API). An alarm
-- clears when every source that raised it has let go, or a person clears it (docs/alarms.md).
ALTER TABLE alarm ADD COLUMN sources text[] NOT NULL DEFAULT '{}',
                  ADD COLUMN open_sources text[] NOT NULL DEFAULT '{}';
UPDATE alarm SET sources = ARRAY[CASE
        WHEN type IN ('offline', 'maintenance_due', 'inspection_due', 'inspection_overdue', 'rescue_late') THEN 'timer'
        WHEN type IN ('door_cycle_ratio') THEN 'inferred'
        WHEN EXISTS (SELECT 1 FROM alarm_event e WHERE e.alarm_id = alarm.id AND e.kind = 'raised'
                     AND e.detail LIKE 'inferred:%') THEN 'inferred'
        ELSE 'device' END];
UPDATE alarm SET open_sources = sources WHERE status <> 'cleared';
ALTER TABLE alarm ADD CONSTRAINT alarm_sources_check
    CHECK (sources <@ ARRAY['device', 'inferred', 'timer', 'person'] AND open_sources <@ sources);

ALTER TABLE alarm_event ADD COLUMN source text CHECK (source IN ('device', 'inferred', 'timer', 'person'));
ALTER TABLE alarm_event DROP CONSTRAINT alarm_event_kind_check;
ALTER TABLE alarm_event ADD CONSTRAINT alarm_event_kind_check
    CHECK (kind IN ('raised', 'repeated', 'acknowledged', 'cleared', 'suppressed', 'refused', 'escalated', 'arrived',
                    'source_cleared', 'late', 'dispatched'));

-- What the rules must not forget across a restart, per lift and alarm type: the device message
-- (boot, seq) that last changed the alarm (older ones are late), and the fault storm — raises counted
-- across clears while they keep coming within an hour of each other; notifications go out at counts
-- 1, 2, 4, 8 … Written by the alerts service only, in the statement that records the change.
CREATE TABLE alarm_rule_state (
    lift_id     text COLLATE "C" NOT NULL,
    type        text        NOT NULL,
    order_boot  bigint,
    order_seq   bigint,
    storm_since timestamptz NOT NULL,
    storm_last  timestamptz NOT NULL,
    occurrences integer     NOT NULL CHECK (occurrences > 0),
    PRIMARY KEY (lift_id, type)
);
INSERT INTO alarm_rule_state (lift_id, type, order_boot, order_seq, storm_since, storm_last, occurrences)
SELECT DISTINCT ON (a.lift_id, a.type) a.lift_id, a.type, e.source_boot, e.source_seq, a.first_seen, a.last_seen, a.count
FROM alarm a LEFT JOIN LATERAL (SELECT source_boot, source_seq FROM alarm_event
                                WHERE alarm_id = a.id AND source_boot IS NOT NULL
                                ORDER BY source_boot DESC, source_seq DESC LIMIT 1) e ON true
ORDER BY a.lift_id, a.type, a.id DESC;

-- Alarms are of registered lifts: the alerts service screens messages against the registry as ingest
-- does. NOT VALID keeps rows written before the screen existed; every new row is checked.
ALTER TABLE alarm ADD CONSTRAINT alarm_lift_fk FOREIGN KEY (lift_id) REFERENCES lift (id) NOT VALID;
