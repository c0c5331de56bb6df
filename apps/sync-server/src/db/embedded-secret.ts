/**
 * The embedded cluster's superuser password: random (256 bits), made once, kept 0600 under
 * `<data dir>/secrets/` (with the token secret; that directory is 0700), never written in the
 * source. Anyone who can read it could disable the audit triggers, which is why the app itself
 * connects as the restricted role and why audit checkpoints are signed with a key that is not in
 * the database. Clusters made by earlier versions used a fixed password: it is rotated once, at
 * the first start after the upgrade, and stops working then.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

/** Only to rotate it away on clusters initialised before the password was random. */
const FORMER_FIXED_PASSWORD = ['lantern', 'embedded'].join('-');

export const superuserPasswordFile = (base: string): string => join(base, 'secrets', 'pg-superuser-password');

async function save(file: string, password: string): Promise<void> {
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * The password to use, and (an existing cluster without a stored password) the former one to
 * rotate from. A new password is stored before initdb uses it; a rotated one only once the
 * cluster accepted it (rotateLegacyPassword), so a failure leaves the former one working.
 */
export async function superuserPassword(base: string, clusterExists: boolean): Promise<{ password: string; legacy: string | null; file: string }> {
  const file = superuserPasswordFile(base);
  if (existsSync(file)) return { password: (await readFile(file, 'utf8')).trim(), legacy: null, file };
  await mkdir(join(base, 'secrets'), { recursive: true, mode: 0o700 });
  const password = randomBytes(32).toString('base64url');
  if (!clusterExists) {
    await save(file, password);
    return { password, legacy: null, file };
  }
  return { password, legacy: FORMER_FIXED_PASSWORD, file };
}

export async function rotateLegacyPassword(legacyUrl: string, password: string, file: string, logger: Logger): Promise<void> {
  const c = new pg.Client({ connectionString: legacyUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(`ALTER ROLE postgres PASSWORD ${c.escapeLiteral(password)}`);
  } finally {
    await c.end();
  }
  await save(file, password);
  logger.warn('the embedded Postgres superuser password was a fixed value: replaced by a random one kept in the data dir');
}
