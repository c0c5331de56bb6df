-- First sync streams each patient's history through the per-patient backfill (sync/pull.ts), the
-- clinician's own patients first: `priority` orders the backfill (0 = the user attends the patient's
-- current stay, 1 = the rest of the scope) and `backfill_left` is how many resources are still to
-- send, so a page can report progress without counting the remaining scope again.
ALTER TABLE sync_scope ADD COLUMN priority smallint NOT NULL DEFAULT 1;
ALTER TABLE sync_scope ADD COLUMN backfill_left integer;
