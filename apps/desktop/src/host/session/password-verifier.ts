/**
 * A local verifier for offline sign-in and unlock, computed at each online sign-in while the password is
 * at hand. The password itself is never stored; the verifier lives only inside the encrypted store.
 *
 * New verifiers are argon2id (RFC 9106) at the first setting of OWASP's Password Storage Cheat Sheet,
 * m=19 MiB, t=2, p=1 (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id),
 * about 45 ms of CPU on the reference 2-core machine. A verifier carries its own parameters (the PHC string
 * format for argon2id, `scrypt$N$r$p$salt$key` for the earlier ones), so a verifier saved before this
 * setting still verifies; `needsRehash` says when to replace it at the next successful sign-in. The earlier
 * scrypt setting (RFC 7914, N=2^14, r=8, p=1) is below OWASP's scrypt minimum (N=2^17).
 */
import { scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet, argon2id: "m=19456 (19 MiB), t=2, p=1". */
export const ARGON2ID_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (e, key) => (e === null ? resolve(key) : reject(e))));

const isArgon2id = (verifier: string): boolean => verifier.startsWith('$argon2id$');

export async function makeVerifier(password: string): Promise<string> {
  return argon2.hash(password, ARGON2ID_OPTIONS);
}

export async function checkVerifier(password: string, verifier: string): Promise<boolean> {
  if (isArgon2id(verifier)) return argon2.verify(verifier, password).catch(() => false);
  return checkScryptVerifier(password, verifier);
}

/** True for a verifier made with weaker parameters than makeVerifier's: replace it after the password checked. */
export function needsRehash(verifier: string): boolean {
  if (!isArgon2id(verifier)) return true;
  try {
    return argon2.needsRehash(verifier, ARGON2ID_OPTIONS);
  } catch {
    return true;
  }
}

/** The verifiers saved before argon2id: `scrypt$N$r$p$salt$key`. */
async function checkScryptVerifier(password: string, verifier: string): Promise<boolean> {
  const parts = verifier.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
