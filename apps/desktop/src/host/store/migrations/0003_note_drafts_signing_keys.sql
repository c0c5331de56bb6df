-- Note drafts (autosaved every few seconds while a clinician types) and per-user note-signing keys.
-- Additive only: two new tables, nothing existing changes. Both live inside the encrypted file.

-- One draft per (user, draft key): a new note, an addendum or an amendment being written.
-- `body` is the editor state as JSON (title + SOAP sections + links); it is PHI.
CREATE TABLE note_drafts (
  user_id     TEXT NOT NULL,
  draft_key   TEXT NOT NULL,     -- the note's resource id (a UUID made when the editor opened)
  patient_id  TEXT NOT NULL,
  body        TEXT NOT NULL,
  revision    INTEGER NOT NULL,  -- increases with each save; a stale save never overwrites a newer one
  saved_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, draft_key)
) WITHOUT ROWID;
CREATE INDEX note_drafts_by_patient ON note_drafts (user_id, patient_id);

-- A user's Ed25519 note-signing key. The private key is additionally encrypted (AES-256-GCM) under
-- a key derived with scrypt from the user's password, so the device key alone cannot sign as them.
CREATE TABLE signing_keys (
  user_id      TEXT NOT NULL,
  key_id       TEXT NOT NULL,
  public_spki  TEXT NOT NULL,    -- base64 DER SubjectPublicKeyInfo
  wrapped      TEXT NOT NULL,    -- JSON: scrypt params, salt, iv, tag, ciphertext (base64)
  created_at   TEXT NOT NULL,
  retired_at   TEXT,             -- set when replaced; kept so old signatures still verify
  PRIMARY KEY (user_id, key_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX signing_keys_current ON signing_keys (user_id) WHERE retired_at IS NULL;
