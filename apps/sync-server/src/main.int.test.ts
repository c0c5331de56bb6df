/**
 * The start contract other tools rely on: `tsx src/main.ts` (what `pnpm start` runs) with env,
 * embedded Postgres under LANTERN_DATA_DIR, a `listening on http://HOST:PORT` line, demo users,
 * idempotent demo seed across restarts, clean shutdown on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessEnv } from './env.ts';
import { login, must } from './testing/harness.ts';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function start(env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: PKG, env: childProcessEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const ready = new Promise<string>((res, rej) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] !== undefined) res(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => rej(new Error(`exited ${code}: ${out.slice(-500)}`)));
  });
  ready.catch(() => undefined); // awaited only where a start is expected to succeed
  return { child, ready, exited, output: () => out };
}

describe('start contract', () => {
  it('starts with demo data, serves the demo users, restarts without reseeding, stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lantern-main-'));
    dirs.push(dataDir);
    await chmod(dataDir, 0o755);
    const env = { PORT: '0', HOST: '127.0.0.1', LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '1', LANTERN_DEMO_PATIENTS: '12', LOG_LEVEL: 'warn' };
    const a = start(env);
    const url = await a.ready;
    const s = await login(url, 'dr.ada');
    const me = await must<{ role: string }>(url, 'auth.me', undefined, s.token);
    expect(me.role).toBe('physician');
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);

    const b = start(env);
    const url2 = await b.ready;
    await login(url2, 'rn.ben');
    const patients = await must<{ changes: unknown[] }>(url2, 'sync.pull', { cursor: null, limit: 5000 }, (await login(url2, 'billing.cy')).token);
    expect(patients.changes.length).toBeGreaterThan(0);
    b.child.kill('SIGINT');
    expect(await b.exited).toBe(0);
    expect(b.output()).not.toMatch(/Error|at .*\.ts:\d+/);
  });

  it('refuses a non-loopback bind without TLS, and demo accounts on a non-loopback address', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lantern-main-'));
    dirs.push(dataDir);
    const plain = start({ PORT: '0', HOST: '0.0.0.0', LANTERN_DATA_DIR: dataDir });
    expect(await plain.exited).toBe(1);
    expect(plain.output()).toContain('TLS_CERT');
    const demo = start({ PORT: '0', HOST: '0.0.0.0', LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '1', TLS_CERT: '/nonexistent', TLS_KEY: '/nonexistent' });
    expect(await demo.exited).toBe(1);
    expect(demo.output()).toContain('Demo accounts');
  });
});
