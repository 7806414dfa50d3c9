-- Each lift with the rule-setting overrides that apply to it: its model's, then its own (either null).
-- Alerts layers them over its defaults; the API shows them; compliance reads the maintenance interval.
CREATE VIEW lift_rule_overrides AS
SELECT l.id AS lift_id, l.model, m.settings AS model_settings, s.settings AS lift_settings
FROM lift l
LEFT JOIN rule_setting m ON m.scope = 'model' AND m.target = l.model
LEFT JOIN rule_setting s ON s.scope = 'lift' AND s.target = l.id;
