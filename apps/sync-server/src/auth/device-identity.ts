/**
 * Enrolment and proof of possession. A device id is a name anyone can type; what makes it a
 * device is the key enrolled for it at its first sign-in. After that, sign-in and refresh on that
 * id succeed only with a signature by that key over a fresh server nonce (device-proof.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { consumeNonce } from './nonces.ts';
import { proofString, thumbprint, verifyDeviceSignature, type DevicePublicKey, type ProofPurpose } from './device-proof.ts';

export interface ProofInput {
  purpose: ProofPurpose;
  deviceId: string;
  nonce: string;
  subject: string;
  proof: string;
  /** The key a device not yet enrolled offers; ignored (but compared) once a key is enrolled. */
  offeredKey?: DevicePublicKey | undefined;
}

/** Why a proof was refused: kept for the audit log and findings, never told to the caller. */
export type ProofFailure = 'nonce' | 'no-key' | 'key-mismatch' | 'signature' | 'not-enrolled';

export type ProofOutcome =
  | { ok: true; key: DevicePublicKey; thumbprint: string; enrol: boolean }
  | { ok: false; why: ProofFailure };

const KeyRow = z.object({ public_key: z.string().nullable() });

const okp = (x: string): DevicePublicKey => ({ kty: 'OKP', crv: 'Ed25519', x });

/**
 * Checks a proof. Spends the nonce whatever the outcome. `enrol: true` means the device has no key
 * yet and the offered key signed the proof: the caller enrols it (only after the password is right).
 * Refresh never enrols: a refresh token of a device without a key means "sign in again".
 */
export async function checkDeviceProof(c: Queryable, p: ProofInput, now: Date): Promise<ProofOutcome> {
  const [nonceOk, row] = await Promise.all([
    consumeNonce(c, p.deviceId, p.nonce, now),
    c.query('SELECT public_key FROM devices WHERE id = $1', [p.deviceId]).then((r) => (r.rows[0] === undefined ? null : KeyRow.parse(r.rows[0]))),
  ]);
  if (!nonceOk) return { ok: false, why: 'nonce' };
  const message = proofString(p);
  const enrolled = row?.public_key ?? null;
  if (enrolled !== null) {
    if (p.offeredKey !== undefined && p.offeredKey.x !== enrolled) return { ok: false, why: 'key-mismatch' };
    const key = okp(enrolled);
    return verifyDeviceSignature(key, message, p.proof) ? { ok: true, key, thumbprint: thumbprint(key), enrol: false } : { ok: false, why: 'signature' };
  }
  if (p.purpose === 'refresh') return { ok: false, why: 'not-enrolled' };
  if (p.offeredKey === undefined) return { ok: false, why: 'no-key' };
  return verifyDeviceSignature(p.offeredKey, message, p.proof)
    ? { ok: true, key: p.offeredKey, thumbprint: thumbprint(p.offeredKey), enrol: true }
    : { ok: false, why: 'signature' };
}

/**
 * Enrols `key` for a device that has none (a new id, or a row from before enrolment existed).
 * Returns false if another key won a concurrent enrolment: the caller refuses the sign-in.
 */
export async function enrolDevice(c: Queryable, d: { deviceId: string; userId: string; label: string | null; key: DevicePublicKey; now: Date }): Promise<boolean> {
  const r = await c.query(
    `INSERT INTO devices (id, user_id, label, registered_at, last_seen_at, public_key, key_thumbprint, enrolled_at)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $4)
     ON CONFLICT (id) DO UPDATE SET public_key = EXCLUDED.public_key, key_thumbprint = EXCLUDED.key_thumbprint, enrolled_at = EXCLUDED.enrolled_at
       WHERE devices.public_key IS NULL
     RETURNING public_key`,
    [d.deviceId, d.userId, d.label, d.now, d.key.x, thumbprint(d.key)],
  );
  if (r.rows[0] !== undefined) return true;
  const now = await c.query('SELECT public_key FROM devices WHERE id = $1', [d.deviceId]);
  return now.rows[0] !== undefined && KeyRow.parse(now.rows[0]).public_key === d.key.x;
}

/** The enrolled key's thumbprint and whether the device may act (for ingest). */
export async function deviceKey(c: Queryable, deviceId: string): Promise<{ key: DevicePublicKey; thumbprint: string; active: boolean } | null> {
  const r = await c.query('SELECT public_key, key_thumbprint, active FROM devices WHERE id = $1', [deviceId]);
  const row = z.object({ public_key: z.string().nullable(), key_thumbprint: z.string().nullable(), active: z.boolean() }).optional().parse(r.rows[0]);
  if (row?.public_key == null || row.key_thumbprint === null) return null;
  return { key: okp(row.public_key), thumbprint: row.key_thumbprint, active: row.active };
}

/** A refused proof on an enrolled device is a finding for the privacy officer (ids only). */
export async function recordDeviceFinding(c: Queryable, f: { deviceId: string; kind: string; detail: Record<string, string | number | boolean | null> }): Promise<void> {
  await c.query('INSERT INTO audit.findings (id, device_id, kind, detail) VALUES ($1, $2, $3, $4)', [randomUUID(), f.deviceId, f.kind, JSON.stringify(f.detail)]);
}
