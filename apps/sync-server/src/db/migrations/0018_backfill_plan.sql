-- A pull's backfill position travels as a page token the workstation echoes back (sync/backfill.ts),
-- so a page whose answer was lost is sent again instead of being skipped. The token is a position
-- in the order (backfill_plan, priority, patient_id): `backfill_plan` numbers each statement that
-- adds patients to a device's scope, so patients added later always sort after every token already
-- handed out and are never taken as sent.
CREATE SEQUENCE sync_scope_plan;
ALTER TABLE sync_scope ADD COLUMN backfill_plan bigint NOT NULL DEFAULT 0;
