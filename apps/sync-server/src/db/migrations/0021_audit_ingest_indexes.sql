-- Audit ingest pays for every index of audit.events on every row (a workstation catching up sends
-- thousands at a time). (patient_id, seq) served only audit.list filtered by patient, which
-- audit_events_patient_time (patient_id, device time; migration 0008) serves as well: that
-- patient's rows are read through it and sorted by seq. Measured on COPY of ingest rows: about
-- 4 us of Postgres CPU per event, of ~28 for the row and its seven indexes.
-- The indexes kept: seq (primary key), event_id (unique: an event is stored once), (chain,
-- chain_seq) (unique: chain order, verify-audit), patient and user by device time (the privacy
-- officer's access and activity reports, the alert processor), flagged (break-glass review).
DROP INDEX IF EXISTS audit.audit_events_patient;
