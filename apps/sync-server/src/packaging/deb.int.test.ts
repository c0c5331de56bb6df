/**
 * The Debian package as IT gets it: packaging/deb/build.sh builds it from this checkout (no cache),
 * lintian (Debian's package checker) finds no error, and the server unpacked from it
 * (`dpkg-deb -x`, never installed on this machine) starts from a configuration file, signs a
 * clinician in, syncs one pull and one push over HTTP, and stops on SIGTERM with exit 0.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import type { PullOutput, PushOutput } from '@lantern/core';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessEnv } from '../env.ts';
import { mutation, observation } from '../testing/fixtures.ts';
import { login, must } from '../testing/harness.ts';
import { startServerChild, stopServerChild } from './run-server.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const tools = has('dpkg-deb') && has('lintian');
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe.skipIf(!tools)('lantern-server .deb (skipped without dpkg-deb and lintian: scripts/setup.sh installs them)', () => {
  it('builds lintian-clean, and the unpacked server starts from its env file, signs in, syncs and stops with exit 0', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lantern-deb-test-'));
    cleanup.push(work);
    await chmod(work, 0o755); // as an installed /usr tree is: other users may traverse it
    const out = join(work, 'out');
    await run('bash', [join(REPO, 'packaging/deb/build.sh'), '--out', out, '--no-lintian'], { cwd: REPO, maxBuffer: 16 << 20, env: childProcessEnv({ LANTERN_DEB_FAST: '1' }) });
    const debs = (await readdir(out)).filter((f) => /^lantern-server_.+_amd64\.deb$/.test(f));
    expect(debs).toHaveLength(1);
    const deb = join(out, debs[0] ?? '');
    console.log(`${debs[0]}: ${(statSync(deb).size / 1048576).toFixed(1)} MiB`);

    const root = join(work, 'root');
    await run('dpkg-deb', ['-x', deb, root]);
    const control = (await run('dpkg-deb', ['-f', deb, 'Depends'])).stdout;
    expect(control).toMatch(/nodejs \(>= 20\.19\)/);
    const unit = readFileSync(join(root, 'lib/systemd/system/lantern-server.service'), 'utf8');
    for (const line of ['User=lantern', 'EnvironmentFile=/etc/lantern/server.env', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/lantern']) expect(unit).toContain(line);
    expect(existsSync(join(root, 'etc/lantern/server.env'))).toBe(true);

    // lintian runs while the unpacked server starts and syncs (both are slow; neither needs the other).
    const lint = new Promise<string>((res) => {
      const child = execFile('lintian', ['--allow-root', deb], { maxBuffer: 16 << 20 }, (_e, stdout, stderr) => res(`${stdout}${stderr}`));
      child.on('error', () => res('E: lintian could not run'));
    });
    const envFile = join(work, 'server.env');
    const dataDir = join(work, 'data');
    await writeFile(envFile, ['# test configuration', `LANTERN_DATA_DIR=${dataDir}`, 'HOST=127.0.0.1', 'PORT=0', 'LANTERN_DEMO=1', 'LANTERN_DEMO_PATIENTS=3', 'LOG_LEVEL=warn', ''].join('\n'));
    // Only PATH (to find node) and the env file: the configuration must come from the file.
    const server = startServerChild(join(root, 'usr/bin/lantern-server'), ['serve'], { cwd: work, env: { PATH: childProcessEnv({}).PATH, LANTERN_ENV_FILE: envFile } });
    let exit: number | null = null;
    try {
      const url = await server.url;
      const ada = await login(url, 'dr.ada');
      const pulled = await must<PullOutput>(url, 'sync.pull', { cursor: null, limit: 500 }, ada.token);
      const patientId = pulled.changes.find((c) => c.resourceType === 'Patient')?.resourceId;
      expect(patientId).toBeDefined();
      const pushed = await must<PushOutput>(url, 'sync.push', { deviceId: ada.deviceId, mutations: [mutation(ada, { patientId: patientId ?? '', op: 'create', resource: observation(patientId ?? '', randomUUID(), 72) })] }, ada.token);
      expect(pushed.results[0]?.status).toBe('applied');
    } finally {
      exit = await stopServerChild(server);
    }
    expect(exit).toBe(0);
    expect(server.output()).not.toMatch(/\n\s+at .*:\d+:\d+/);
    const lines = (await lint).split('\n').filter((l) => /^[EW]: /.test(l));
    const warnings = lines.filter((l) => l.startsWith('W: '));
    if (warnings.length > 0) console.log(`lintian warnings:\n${warnings.join('\n')}`);
    expect(lines.filter((l) => l.startsWith('E: '))).toEqual([]);
    const version = await run(join(root, 'usr/bin/lantern-server'), ['version'], { env: { PATH: childProcessEnv({}).PATH, LANTERN_ENV_FILE: '' } });
    expect(version.stdout).toMatch(/^lantern-server \d+\.\d+\.\d+/);
  }, 180_000);
});
