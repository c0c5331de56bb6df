/**
 * Users' note-signing public keys on the server (migration 0007). A workstation registers the
 * signed-in user's key at sign-in or first signature; the key is bound to the user of the session
 * that registers it, never to a user named in the input. The first key of a user is accepted as is
 * (trust on first use, within an authenticated session); later keys are added beside it as
 * history, never replacing it, so notes signed with an older key still verify. A key id already
 * registered to another user is refused.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { LanternError, err, ok, type Result } from '@lantern/core';
import type { PublicSigningKey } from '@lantern/core/notes';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

export const RegisterSigningKeyInput = z.object({
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  algorithm: z.literal('Ed25519'),
  /** DER SubjectPublicKeyInfo, base64. */
  spki: z.string().min(40).max(200).regex(/^[A-Za-z0-9+/]+=*$/),
});
export type RegisterSigningKey = z.infer<typeof RegisterSigningKeyInput>;

const KeyRow = z.object({ key_id: z.string(), user_id: z.string(), algorithm: z.literal('Ed25519'), public_spki: z.string() });
const toKey = (r: z.infer<typeof KeyRow>): PublicSigningKey => ({ keyId: r.key_id, userId: r.user_id, algorithm: r.algorithm, spki: r.public_spki });

/** The key id the workstation computes (apps/desktop/src/host/notes/signing-keys.ts): sha256(spki), 128 bits. */
export const keyIdOf = (spkiBase64: string): string => createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex').slice(0, 32);

function checkKey(k: RegisterSigningKey): Result<void, LanternError> {
  try {
    const pub = createPublicKey({ key: Buffer.from(k.spki, 'base64'), format: 'der', type: 'spki' });
    if (pub.asymmetricKeyType !== 'ed25519') return err(new LanternError('BAD_INPUT', 'Not an Ed25519 public key', { issues: [{ path: 'spki', message: 'not Ed25519' }] }));
  } catch {
    return err(new LanternError('BAD_INPUT', 'Not a public key', { issues: [{ path: 'spki', message: 'not a DER SubjectPublicKeyInfo' }] }));
  }
  if (keyIdOf(k.spki) !== k.keyId) return err(new LanternError('BAD_INPUT', 'The key id does not name this key', { issues: [{ path: 'keyId', message: 'must be sha256(spki), first 32 hex digits' }] }));
  return ok(undefined);
}

/** Registers a key for `userId`; `created: false` when that user had registered it already. */
export async function registerSigningKey(
  q: Queryable, r: { userId: string; deviceId: string; key: RegisterSigningKey; now: Date },
): Promise<Result<{ created: boolean; keys: number }, LanternError>> {
  const valid = checkKey(r.key);
  if (!valid.ok) return valid;
  const ins = await q.query(
    `INSERT INTO note_signing_keys (key_id, user_id, algorithm, public_spki, device_id, registered_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key_id) DO NOTHING`,
    [r.key.keyId, r.userId, r.key.algorithm, r.key.spki, r.deviceId, r.now],
  );
  if (ins.rowCount === 0) {
    const existing = await findSigningKey(q, r.key.keyId);
    if (existing === null || existing.userId !== r.userId || existing.spki !== r.key.spki) {
      return err(new LanternError('CONFLICT', 'This signing key is registered to another account', { issues: [{ path: 'keyId', message: 'already registered' }] }));
    }
  }
  const n = await q.query('SELECT count(*)::int AS n FROM note_signing_keys WHERE user_id = $1', [r.userId]);
  return ok({ created: (ins.rowCount ?? 0) > 0, keys: Number((n.rows[0] as { n: number }).n) });
}

export async function findSigningKey(q: Queryable, keyId: string): Promise<PublicSigningKey | null> {
  const r = await q.query({ name: 'note-signing-key', text: 'SELECT key_id, user_id, algorithm, public_spki FROM note_signing_keys WHERE key_id = $1', values: [keyId] });
  return r.rows[0] === undefined ? null : toKey(KeyRow.parse(r.rows[0]));
}
