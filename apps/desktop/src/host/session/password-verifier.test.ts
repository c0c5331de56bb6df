import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkVerifier, makeVerifier, needsRehash } from './password-verifier.ts';

/** A verifier as workstations saved it before argon2id (scrypt N=2^14, r=8, p=1). */
function scryptVerifier(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('offline password verifier', () => {
  it('is argon2id at the OWASP setting (m=19 MiB, t=2, p=1), and never holds the password', async () => {
    const v = await makeVerifier('correct horse battery');
    expect(v).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(v).not.toContain('correct horse battery');
    expect(needsRehash(v)).toBe(false);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const v = await makeVerifier('correct horse battery');
    expect(await checkVerifier('correct horse battery', v)).toBe(true);
    expect(await checkVerifier('correct horse batterY', v)).toBe(false);
  });

  it('still verifies a verifier saved with the earlier scrypt setting, and asks for it to be replaced', async () => {
    const v = scryptVerifier('correct horse battery');
    expect(await checkVerifier('correct horse battery', v)).toBe(true);
    expect(await checkVerifier('wrong', v)).toBe(false);
    expect(needsRehash(v)).toBe(true);
  });

  it('refuses a damaged verifier instead of throwing', async () => {
    expect(await checkVerifier('x', '$argon2id$v=19$m=19456,t=2,p=1$garbage')).toBe(false);
    expect(await checkVerifier('x', 'scrypt$1$2')).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
  });
});
