-- CDS alert-fatigue suppressions (core cds/suppression.ts): a warning/info card a clinician
-- overrode for a patient and pair is not shown to them again within the window. Kept here so the
-- suppression survives a restart. Additive only: one new table, inside the encrypted file.
CREATE TABLE cds_suppressions (
  user_id        TEXT NOT NULL,
  patient_id     TEXT NOT NULL,
  key            TEXT NOT NULL,   -- core suppressionKey(card): rule, KB entry and the pair
  overridden_at  TEXT NOT NULL,   -- FHIR instant of the latest override
  PRIMARY KEY (user_id, patient_id, key)
) WITHOUT ROWID;
