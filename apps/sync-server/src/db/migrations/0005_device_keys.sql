-- Devices are enrolled, not named: each workstation proves possession of an Ed25519 key pair.
-- Additive only.

-- The device's public key (RFC 8037 OKP JWK `x`, base64url of the 32 raw bytes) and its RFC 7638
-- thumbprint, set once at enrolment (the first sign-in on that device id). Rows from before this
-- migration have none and adopt the key of their next sign-in (recorded in the audit log).
ALTER TABLE devices
  ADD COLUMN public_key     text,
  ADD COLUMN key_thumbprint text,
  ADD COLUMN enrolled_at    timestamptz,
  ADD COLUMN revoked_at     timestamptz;

-- Single-use, short-lived challenges for proof of possession (sign-in, refresh). Kept in Postgres
-- so a nonce issued by one app server is accepted (once) by any other.
CREATE TABLE device_nonces (
  nonce       text PRIMARY KEY,
  device_id   text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX device_nonces_expiry ON device_nonces (expires_at);

-- Who has signed in on which device, and until when the server vouches for that sign-in
-- (the later of the offline grant's and the refresh token's expiry). Audit ingest accepts an
-- event only for a user with a row here whose window covers the event's device time.
CREATE TABLE device_sign_ins (
  device_id    text NOT NULL REFERENCES devices(id),
  user_id      uuid NOT NULL REFERENCES users(id),
  first_at     timestamptz NOT NULL,
  last_at      timestamptz NOT NULL,
  valid_until  timestamptz NOT NULL,
  PRIMARY KEY (device_id, user_id)
);
