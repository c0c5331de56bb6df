-- The draft basket of order entry: unsigned orders kept per (user, patient) so a lock, a restart or
-- a crash loses none of them. Additive only; lives inside the encrypted file. `body` is PHI.
CREATE TABLE order_drafts (
  user_id     TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  body        TEXT NOT NULL,     -- JSON: { drafts: [MedicationRequest | ServiceRequest, status draft] }
  revision    INTEGER NOT NULL,  -- increases with each save; a stale save never overwrites a newer basket
  saved_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, patient_id)
) WITHOUT ROWID;
CREATE INDEX order_drafts_by_patient ON order_drafts (patient_id);
