-- A patient who leaves a (user, device)'s scope stays in `sync_scope` as a pending purge until the
-- device proves it applied the pull page that told it to purge (sync/pull.ts): a lost answer must
-- not leave the patient's PHI on the workstation with the server no longer asking for its removal.
-- `purge_id` (from `sync_scope_purge`) marks the row as pending and is what a page token
-- acknowledges ("every pending purge up to this id was applied"); `purge_cursor` is the proof for
-- clients without page tokens (protocol 2 and 3): a cursor at or past it came with a page that
-- carried the purge. `purge_requested_at` is when the server first asked.
CREATE SEQUENCE sync_scope_purge;
ALTER TABLE sync_scope ADD COLUMN purge_id bigint;
ALTER TABLE sync_scope ADD COLUMN purge_cursor bigint;
ALTER TABLE sync_scope ADD COLUMN purge_requested_at timestamptz;
