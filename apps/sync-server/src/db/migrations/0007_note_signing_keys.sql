-- Users' note-signing public keys (Ed25519, SPKI DER base64), registered by the workstation at
-- sign-in or first signature. The server verifies every signed note against them on push and on
-- FHIR read. Keys are never replaced or deleted: a new key is added beside the old ones (history),
-- so notes signed with a retired key still verify. The application role gets SELECT and INSERT only
-- (roles.ts); the trigger refuses UPDATE and DELETE even for the owner.
CREATE TABLE note_signing_keys (
  key_id        text PRIMARY KEY,                 -- sha256(spki) hex, first 32 chars
  user_id       uuid NOT NULL REFERENCES users(id),
  algorithm     text NOT NULL CHECK (algorithm = 'Ed25519'),
  public_spki   text NOT NULL,
  device_id     text NOT NULL,                    -- the device that registered it
  registered_at timestamptz NOT NULL
);
CREATE INDEX note_signing_keys_user ON note_signing_keys (user_id, registered_at);

CREATE FUNCTION note_signing_keys_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'note_signing_keys is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER note_signing_keys_no_update_delete BEFORE UPDATE OR DELETE ON note_signing_keys
  FOR EACH ROW EXECUTE FUNCTION note_signing_keys_append_only();
