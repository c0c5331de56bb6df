/**
 * Per-user note-signing keys (design: packages/core/src/notes/README.md). Ed25519 (RFC 8032) via
 * node:crypto. The private key (PKCS#8 DER) is encrypted with AES-256-GCM under a key derived by
 * scrypt (RFC 7914) from the user's password, then stored in the SQLCipher store (`signing_keys`,
 * migration 0003): the device key alone does not let anyone sign as the user, and the password is
 * already what the offline sign-in checks. The host unwraps it at sign-in and keeps the Signer in
 * memory only for the session; lock or sign-out drops it.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { LanternError, err, ok, type Result, type Sha256Hex } from '@lantern/core';
import type { PublicSigningKey, Signer, Verifier } from '@lantern/core/notes';
import type { StoreDb } from '../store/store-db.ts';
import type { ServerApi } from '../sync/server-api.ts';

/** scrypt cost: N=2^15, r=8 (32 MiB, ~100 ms on these machines): once per sign-in. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export const WrappedKeySchema = z.object({
  kdf: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(),
  salt: z.string(), iv: z.string(), tag: z.string(), ciphertext: z.string(),
});
export type WrappedKey = z.infer<typeof WrappedKeySchema>;

export interface SigningKeyRecord {
  userId: string;
  keyId: string;
  publicSpki: string;
  wrapped: WrappedKey;
  createdAt: string;
}

export const nodeSha256: Sha256Hex = (data) => createHash('sha256').update(data, 'utf8').digest('hex');

export const nodeVerifier: Verifier = {
  verify(key: PublicSigningKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    try {
      const pub = createPublicKey({ key: Buffer.from(key.spki, 'base64'), format: 'der', type: 'spki' });
      return Promise.resolve(verify(null, data, pub, signature));
    } catch {
      return Promise.resolve(false);
    }
  },
};

const kek = (password: string, salt: Buffer, w: { N: number; r: number; p: number }): Buffer =>
  scryptSync(password.normalize('NFC'), salt, 32, { N: w.N, r: w.r, p: w.p, maxmem: SCRYPT.maxmem });

/** Makes a new key pair for `userId`, wrapped by `password`. */
export function generateSigningKey(userId: string, password: string, now: Date): SigningKeyRecord {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek(password, salt, SCRYPT), iv);
  cipher.setAAD(Buffer.from(`lantern-signing-key:${userId}`));
  const ciphertext = Buffer.concat([cipher.update(privateKey.export({ type: 'pkcs8', format: 'der' })), cipher.final()]);
  return {
    userId,
    // Names exactly one key: the first 128 bits of SHA-256 over the public key.
    keyId: createHash('sha256').update(spki).digest('hex').slice(0, 32),
    publicSpki: spki.toString('base64'),
    wrapped: { kdf: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') },
    createdAt: now.toISOString(),
  };
}

export const publicKeyOf = (r: SigningKeyRecord): PublicSigningKey => ({ keyId: r.keyId, userId: r.userId, algorithm: 'Ed25519', spki: r.publicSpki });

/** Unwraps the private key; a wrong password is UNAUTHENTICATED (GCM's tag fails), never a crash. */
export function unlockSigner(r: SigningKeyRecord, password: string): Result<Signer, LanternError> {
  try {
    const w = r.wrapped;
    const decipher = createDecipheriv('aes-256-gcm', kek(password, Buffer.from(w.salt, 'base64'), w), Buffer.from(w.iv, 'base64'));
    decipher.setAAD(Buffer.from(`lantern-signing-key:${r.userId}`));
    decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
    const der = Buffer.concat([decipher.update(Buffer.from(w.ciphertext, 'base64')), decipher.final()]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    return ok({ keyId: r.keyId, algorithm: 'Ed25519', sign: (data) => Promise.resolve(new Uint8Array(sign(null, data, key))) });
  } catch {
    return err(new LanternError('UNAUTHENTICATED', 'The password does not unlock this signing key'));
  }
}

interface Row { user_id: string; key_id: string; public_spki: string; wrapped: string; created_at: string }
const toRecord = (r: Row): SigningKeyRecord => ({ userId: r.user_id, keyId: r.key_id, publicSpki: r.public_spki, wrapped: WrappedKeySchema.parse(JSON.parse(r.wrapped)), createdAt: r.created_at });

/** The `signing_keys` table. */
export class SigningKeys {
  constructor(private readonly db: StoreDb) {}

  /** Stores a new current key, retiring the previous one (kept so old signatures still verify). */
  put(record: SigningKeyRecord): void {
    this.db.write(() => {
      this.db.run('UPDATE signing_keys SET retired_at = ? WHERE user_id = ? AND retired_at IS NULL', record.createdAt, record.userId);
      this.db.run('INSERT INTO signing_keys (user_id, key_id, public_spki, wrapped, created_at) VALUES (?, ?, ?, ?, ?)',
        record.userId, record.keyId, record.publicSpki, JSON.stringify(record.wrapped), record.createdAt);
    });
  }

  current(userId: string): SigningKeyRecord | null {
    const row = this.db.get<Row>('SELECT user_id, key_id, public_spki, wrapped, created_at FROM signing_keys WHERE user_id = ? AND retired_at IS NULL', userId);
    return row === undefined ? null : toRecord(row);
  }

  /** Every public key this store knows for the user, current and retired. */
  publicKeys(userId: string): PublicSigningKey[] {
    return this.db.all<Row>('SELECT user_id, key_id, public_spki, wrapped, created_at FROM signing_keys WHERE user_id = ? ORDER BY created_at', userId).map((r) => publicKeyOf(toRecord(r)));
  }

  /** The user's signer: the current key unlocked with `password`, made on first use. */
  signerFor(userId: string, password: string, now: Date): Result<{ signer: Signer; publicKey: PublicSigningKey; created: boolean }, LanternError> {
    let record = this.current(userId);
    let created = false;
    if (record === null) {
      record = generateSigningKey(userId, password, now);
      this.put(record);
      created = true;
    }
    const signer = unlockSigner(record, password);
    return signer.ok ? ok({ signer: signer.value, publicKey: publicKeyOf(record), created }) : signer;
  }
}

/** The user an access token was issued to (its JWT `sub`); the server checks the token, this only routes. */
function tokenSubject(token: string): string | null {
  try {
    const sub = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/**
 * The server verifies every pushed note signature against the signer's registered public key
 * (sync-server note-signatures/), so a user's key must reach it before the first Provenance signed
 * with it, even when the note was signed offline. This wraps the sync loop's ServerApi: a push
 * that carries a Provenance of the signed-in user first registers that user's keys (idempotent on
 * the server; remembered here once accepted). Only the token's own user's keys are sent: the
 * server binds a key to whoever registers it. A key the server refuses is left to the push result,
 * which then comes back `rejected` for that signature; an unreachable server fails the push as usual.
 */
export function withSigningKeyRegistration(api: ServerApi, keys: SigningKeys): ServerApi {
  const done = new Set<string>();
  return {
    ...api,
    push: async (token, input) => {
      const register = api.registerSigningKey;
      const userId = tokenSubject(token);
      if (register !== undefined && userId !== null && input.mutations.some((m) => m.resourceType === 'Provenance' && m.userId === userId)) {
        for (const k of keys.publicKeys(userId)) {
          if (done.has(k.keyId)) continue;
          try {
            await register(token, { keyId: k.keyId, algorithm: k.algorithm, spki: k.spki });
          } catch (e) {
            if (!(e instanceof LanternError) || (e.code !== 'CONFLICT' && e.code !== 'BAD_INPUT' && e.code !== 'FORBIDDEN')) throw e;
          }
          done.add(k.keyId);
        }
      }
      return api.push(token, input);
    },
  };
}
