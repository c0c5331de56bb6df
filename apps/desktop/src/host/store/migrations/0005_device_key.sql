-- The workstation's device key (Ed25519): made once, at the first start after this migration, and
-- enrolled with the sync server at the first online sign-in. The private key (PKCS#8 DER, base64)
-- lives only here, inside the encrypted file; the host signs with it and never hands it out.
-- Additive only: one new table holding at most one row per device id.
CREATE TABLE device_key (
  device_id    TEXT PRIMARY KEY,
  public_x     TEXT NOT NULL,    -- RFC 8037 OKP JWK `x`: base64url of the 32-byte public key
  private_der  TEXT NOT NULL,    -- base64 PKCS#8 DER of the private key
  created_at   TEXT NOT NULL
) WITHOUT ROWID;
