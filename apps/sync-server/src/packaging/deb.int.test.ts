/**
 * The Debian package as IT gets it: packaging/deb/build.sh builds it from this checkout (no cache),
 * lintian (Debian's package checker) finds no error, and the server unpacked from it
 * (`dpkg-deb -x`, never installed on this machine) starts from a configuration file, signs a
 * clinician in, syncs one pull and one push over HTTP, and stops on SIGTERM with exit 0.
 * The systemd unit is checked by systemd's own tools without systemd as PID 1 (`systemd-analyze
 * verify`: directives, values, the ExecStart program; `systemd-analyze security`: the sandboxing's
 * exposure score), and, where this process may make a mount namespace (root in CI), the server is
 * started by the unit's ExecStart as written: after the package's postinst, as the unit's user, with
 * its EnvironmentFile, working directory and umask (systemd-unit.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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
import { startServerChild, stopServerChild, type ServerChild } from './run-server.ts';
import { canUseMountNamespace, parseEnvironmentFile, parseServiceUnit, serviceEnvironment, unitStartScript } from './systemd-unit.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const tools = has('dpkg-deb') && has('lintian');
const UNIT = 'lib/systemd/system/lantern-server.service';

/**
 * systemd-analyze on the unit, in a root holding the package's unit and program and the
 * distribution's own units (sysinit.target and the rest the unit is checked against).
 */
async function analyzeUnit(root: string, work: string, unitText: string): Promise<{ verify: string; exposure: string }> {
  const vroot = await mkdtemp(join(work, 'verify-'));
  await cp('/usr/lib/systemd/system', join(vroot, 'lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
  await writeFile(join(vroot, UNIT), unitText);
  await mkdir(join(vroot, 'usr/bin'), { recursive: true });
  await copyFile(join(root, 'usr/bin/lantern-server'), join(vroot, 'usr/bin/lantern-server'));
  await chmod(join(vroot, 'usr/bin/lantern-server'), 0o755);
  // verify exits 0 on an unknown key or a bad value and only says so: any output is a finding.
  const v = spawnSync('systemd-analyze', ['verify', `--root=${vroot}`, 'lantern-server.service'], { encoding: 'utf8' });
  const sec = spawnSync('systemd-analyze', ['security', '--offline=true', `--root=${vroot}`, '--threshold=20', '--no-pager', 'lantern-server.service'], { encoding: 'utf8' });
  await rm(vroot, { recursive: true, force: true });
  return { verify: `${v.status === 0 ? '' : `exit ${v.status}\n`}${v.stdout}${v.stderr}`.trim(), exposure: sec.status === 0 ? /Overall exposure level[^\n]*/.exec(sec.stdout)?.[0] ?? sec.stdout : `exit ${sec.status}: ${sec.stdout.split('\n').slice(-3).join(' ')}${sec.stderr}` };
}
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe.skipIf(!tools)('lantern-server .deb (skipped without dpkg-deb and lintian: scripts/setup.sh installs them)', () => {
  it('builds lintian-clean, systemd-analyze passes its unit, and the server started as the unit starts it (its user, env file, directory) signs in, syncs and stops with exit 0', async () => {
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
    const unit = readFileSync(join(root, UNIT), 'utf8');
    for (const line of ['User=lantern', 'EnvironmentFile=/etc/lantern/server.env', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/lantern']) expect(unit).toContain(line);
    expect(existsSync(join(root, 'etc/lantern/server.env'))).toBe(true);
    if (has('systemd-analyze')) {
      const checked = await analyzeUnit(root, work, unit);
      expect(checked.verify).toBe('');
      // Exposure 0.0 (locked down) to 10.0 (unprotected); above 2.0 fails.
      expect(checked.exposure).toMatch(/^Overall exposure level for lantern-server\.service: [01]\.\d /);
      console.log(checked.exposure);
      // The check can fail: a misspelt directive is found.
      expect((await analyzeUnit(root, work, unit.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'))).verify).toContain("Unknown key 'NoNewPrivilege'");
    } else {
      console.log('systemd-analyze not installed (scripts/setup.sh installs the systemd package): the unit was not verified');
    }

    // lintian runs while the unpacked server starts and syncs (both are slow; neither needs the other).
    const lint = new Promise<string>((res) => {
      const child = execFile('lintian', ['--allow-root', deb], { maxBuffer: 16 << 20 }, (_e, stdout, stderr) => res(`${stdout}${stderr}`));
      child.on('error', () => res('E: lintian could not run'));
    });
    const envFile = join(work, 'server.env');
    const dataDir = join(work, 'data');
    await writeFile(envFile, ['# test configuration', `LANTERN_DATA_DIR=${dataDir}`, 'HOST=127.0.0.1', 'PORT=0', 'LANTERN_DEMO=1', 'LANTERN_DEMO_PATIENTS=3', 'LOG_LEVEL=warn', ''].join('\n'));
    let server: ServerChild;
    const asUnit = process.getuid?.() === 0 && has('setpriv') && canUseMountNamespace();
    if (asUnit) {
      // As systemd would start it: the unit's ExecStart, user, EnvironmentFile, directory and umask.
      await writeFile(envFile, ['# test configuration', 'LANTERN_DATA_DIR=/var/lib/lantern', 'HOST=127.0.0.1', 'PORT=0', 'LANTERN_DEMO=1', 'LANTERN_DEMO_PATIENTS=3', 'LOG_LEVEL=warn', ''].join('\n'));
      const service = parseServiceUnit(unit);
      const controlDir = join(work, 'control');
      await run('dpkg-deb', ['-e', deb, controlDir]);
      const scratch = join(work, 'scratch');
      await mkdir(scratch);
      const script = unitStartScript(service, { root, controlDir, scratch, envFileSource: envFile });
      server = startServerChild('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script],
        { cwd: '/', env: serviceEnvironment(service, service.workingDirectory, parseEnvironmentFile(readFileSync(envFile, 'utf8'))) });
    } else {
      console.log('not root or no mount namespace: the server is started by /usr/bin/lantern-server with LANTERN_ENV_FILE, not as the unit would');
      // Only PATH (to find node) and the env file: the configuration must come from the file.
      server = startServerChild(join(root, 'usr/bin/lantern-server'), ['serve'], { cwd: work, env: { PATH: childProcessEnv({}).PATH, LANTERN_ENV_FILE: envFile } });
    }
    let exit: number | null = null;
    try {
      const url = await server.url;
      if (asUnit) {
        // The process is the unit's user, and its data is the user's alone (seen inside its mount namespace).
        const pid = server.child.pid ?? 0;
        const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
        expect(uid).toBeGreaterThan(0);
        const data = statSync(`/proc/${pid}/root/var/lib/lantern`);
        expect(data.uid).toBe(uid);
        expect(data.mode & 0o777).toBe(0o750);
        const inside = await readdir(`/proc/${pid}/root/var/lib/lantern`);
        expect(inside.length).toBeGreaterThan(0);
        for (const f of inside) expect(statSync(`/proc/${pid}/root/var/lib/lantern/${f}`).mode & 0o077).toBe(0);
      }
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
  }, 420_000);
});
