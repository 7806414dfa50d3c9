-- counter_sample's index on (lift_id, boot, seq) found a sample's neighbours in device order over the whole
-- history. Since V30 every such search is bounded in time (a late sample searches two days before its batch,
-- a search past that is a rare second pass), so the primary key (lift_id, ts, …) serves it, and the index
-- was a quarter of the table's bytes on disk.
DROP INDEX IF EXISTS counter_sample_order_idx;
