-- One store, several clinicians: what each user of this workstation may see, and writes the server
-- did not accept kept visible until their author decides.

-- The patients each user's own sync.pull has brought (the server's per user and device scope,
-- ARCHITECTURE.md "Sync protocol"). A purge for one user removes their row here; the chart's rows
-- go only when no user of this workstation still has the patient.
CREATE TABLE user_patients (
  user_id    TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  PRIMARY KEY (user_id, patient_id)
) WITHOUT ROWID;
CREATE INDEX user_patients_by_patient ON user_patients (patient_id);

-- The server's copy of a resource as it was before its first unacknowledged local edit, so a write
-- the server refuses can put the server's version back on screen.
CREATE TABLE server_bases (
  resource_id TEXT PRIMARY KEY,
  patient_id  TEXT NOT NULL,
  version     TEXT,             -- NULL: the resource was made here and the server never had it
  json        TEXT              -- NULL with a NULL version
) WITHOUT ROWID;
CREATE INDEX server_bases_by_patient ON server_bases (patient_id);

-- Whose conflict it is (the author of the write; NULL for rows kept from before this migration),
-- the server's reason for a refused write, and whether the server still has to hear the decision.
ALTER TABLE conflicts ADD COLUMN user_id TEXT;
ALTER TABLE conflicts ADD COLUMN reason TEXT;
ALTER TABLE conflicts ADD COLUMN close_on_server INTEGER NOT NULL DEFAULT 0;

-- Pulls so far were applied to the store as a whole: every user pulls once more from the start, so
-- user_patients is filled from what the server sends each of them.
DELETE FROM sync_state WHERE key LIKE 'cursor:%';
