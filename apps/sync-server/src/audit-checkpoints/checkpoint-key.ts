/**
 * The audit checkpoint key: an Ed25519 key pair (RFC 8032) that lives outside the database, so a
 * database superuser who rewrites `audit.events` and recomputes every hash still cannot sign a
 * checkpoint that matches the rewrite (HIPAA 164.312(c)(2), mechanism to authenticate ePHI
 * integrity). Made once, 0600, under `<data dir>/secrets/` unless a path is configured
 * (`LANTERN_AUDIT_CHECKPOINT_KEY_FILE`: production keeps it on a volume the database host cannot
 * read). Every app server behind a load balancer may share the file or hold its own key; the
 * checkpoints name their key id.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 128 bits of SHA-256 over the SPKI DER: names exactly one key. */
  keyId: string;
}

export const defaultCheckpointKeyFile = (dataDir: string): string => join(dataDir, 'secrets', 'audit-checkpoint-key.pem');

export function checkpointKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

function fromPem(pem: string): CheckpointKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The audit checkpoint key must be an Ed25519 private key (PKCS#8 PEM)');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: checkpointKeyId(publicKey) };
}

/** Reads the key; null when the file does not exist (verify-audit: no checkpoints were ever signed here). */
export async function readCheckpointKey(file: string): Promise<CheckpointKey | null> {
  if (!existsSync(file)) return null;
  return fromPem(await readFile(file, 'utf8'));
}

/** Reads the key, or makes it (0600, directory 0700) on first start. */
export async function loadOrCreateCheckpointKey(file: string): Promise<CheckpointKey> {
  const existing = await readCheckpointKey(file);
  if (existing !== null) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another server process on the same data dir made it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fromPem(await readFile(file, 'utf8'));
    throw e;
  }
  await chmod(file, 0o600);
  return fromPem(pem);
}
