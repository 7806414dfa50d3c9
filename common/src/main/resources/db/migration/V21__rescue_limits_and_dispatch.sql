-- Rule settings per district too (the stairwell's six-digit area code): TSG T5002 sets the rescue
-- arrival limit at 30 minutes in a city with districts and one hour elsewhere. Layers: the service's
-- defaults, then the district's, the model's, the lift's.
ALTER TABLE rule_setting DROP CONSTRAINT rule_setting_scope_check;
ALTER TABLE rule_setting ADD CONSTRAINT rule_setting_scope_check CHECK (scope IN ('district', 'model', 'lift'));
ALTER TABLE rule_setting ADD CONSTRAINT rule_setting_district_check
    CHECK (scope <> 'district' OR target ~ '^[0-9]{6}$');

-- Replaced in place (new columns last), so grants on the view stay.
CREATE OR REPLACE VIEW lift_rule_overrides AS
SELECT l.id AS lift_id, l.model, m.settings AS model_settings, o.settings AS lift_settings, s.district_code,
       d.settings AS district_settings
FROM lift l
JOIN stairwell s ON s.id = l.stairwell_id
LEFT JOIN rule_setting d ON d.scope = 'district' AND d.target = s.district_code
LEFT JOIN rule_setting m ON m.scope = 'model' AND m.target = l.model
LEFT JOIN rule_setting o ON o.scope = 'lift' AND o.target = l.id;

-- Each rescue keeps the arrival limit its clock ran on, so the compliance report judges it by the same
-- limit as rescue_late did (a later change of the setting does not rewrite history), and who was sent
-- and when: time to dispatch and time to arrive are both visible.
ALTER TABLE rescue ADD COLUMN arrival_limit interval NOT NULL DEFAULT interval '30 minutes',
                   ADD COLUMN dispatched_at timestamptz,
                   ADD COLUMN dispatched_to text,
                   ADD COLUMN dispatched_by text;

-- Dispatching a technician is a command like the others: the API records it, alerts applies it.
ALTER TABLE alarm_command ADD COLUMN technician text;
ALTER TABLE alarm_command DROP CONSTRAINT alarm_command_action_check;
ALTER TABLE alarm_command ADD CONSTRAINT alarm_command_action_check
    CHECK (action IN ('acknowledge', 'clear', 'arrived', 'dispatch'));
ALTER TABLE alarm_command ADD CONSTRAINT alarm_command_technician_check
    CHECK (action <> 'dispatch' OR technician IS NOT NULL);
