/**
 * Runs from wherever it is unpacked: a clone inside a private (0700) directory, started as root,
 * the way a new administrator tries it in root's home. As root the embedded Postgres runs as the
 * `postgres` system user, which cannot enter that directory; the server must still start (its
 * binaries from a reachable copy, its cluster in /var/lib/lantern-embedded), sign a user in, and stop.
 *
 * node_modules: the clone gets hard-linked copies (`cp -al`, no extra space, ~2 s) of the
 * workspace's installed trees rather than symlinks, so the Postgres binaries really sit inside
 * the 0700 tree (a symlink would resolve to the reachable workspace and prove nothing), and
 * rather than an install (no network, minutes).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessEnv } from '../env.ts';
import { login, must } from '../testing/harness.ts';
import { startServerChild, stopServerChild } from './run-server.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const isRoot = userInfo().uid === 0;
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('run from a 0700 home (as root; skipped when not root)', () => {
  it('a clone in a 0700 directory starts as root on embedded Postgres, signs a clinician in, and stops cleanly', async () => {
    const home = await mkdtemp(join(tmpdir(), 'lantern-home-'));
    cleanup.push(home);
    await chmod(home, 0o700);
    const clone = join(home, 'lantern');
    await run('git', ['clone', '--quiet', '--depth', '1', `file://${REPO}`, clone]);
    for (const nm of ['node_modules', 'apps/sync-server/node_modules', 'packages/core/node_modules']) {
      await run('cp', ['-al', join(REPO, nm), join(clone, nm)]).catch(() => run('cp', ['-a', join(REPO, nm), join(clone, nm)]));
    }
    const dataDir = join(clone, '.lantern', 'server');
    const server = startServerChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(clone, 'apps', 'sync-server'),
      env: childProcessEnv({ PORT: '0', HOST: '127.0.0.1', LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '1', LANTERN_DEMO_PATIENTS: '3', LOG_LEVEL: 'warn' }),
    });
    try {
      const url = await server.url;
      const s = await login(url, 'dr.ada');
      expect((await must<{ role: string }>(url, 'auth.me', undefined, s.token)).role).toBe('physician');
    } finally {
      expect(await stopServerChild(server)).toBe(0);
      // The cluster went where the postgres user can reach it; the data dir says where.
      const pointer = join(dataDir, 'pg-cluster');
      if (existsSync(pointer)) cleanup.push(readFileSync(pointer, 'utf8').trim());
    }
    expect(existsSync(join(dataDir, 'pg-cluster'))).toBe(true);
    expect(server.output()).not.toMatch(/EACCES|\n\s+at .*:\d+:\d+/);
  }, 90_000);
});
