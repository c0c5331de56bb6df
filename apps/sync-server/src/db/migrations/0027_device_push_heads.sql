-- Where each device's push stands (sync/push-head.ts): the last mutation of the batch decided last
-- and whether every mutation of it was decided for good (no answer asked the device to send one
-- again). A push naming `after` is decided only when that is this row, checked under the row's
-- lock, which every push of the device holds while it is decided: so a batch a workstation sends
-- behind the one in flight is never decided before it, even at another app-server process.
--
-- Safe on a database with data: a new, empty table; a device without a row gets one on its next
-- push, and a push naming `after` before that is refused with nothing stored (sent again alone).
CREATE TABLE IF NOT EXISTS device_push_heads (
  device_id text PRIMARY KEY,
  last_mutation_id uuid,
  clean boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
