/**
 * Test support for the Debian package's systemd unit, on machines where systemd is not PID 1 (CI
 * containers): reads the unit's [Service] settings, and builds the shell script that starts its
 * ExecStart as systemd would: after the package's postinst, as the unit's User/Group with its
 * WorkingDirectory, UMask, NoNewPrivileges and empty CapabilityBoundingSet, with the variables of its
 * EnvironmentFile. The script runs in a private mount namespace (`unshare --mount`) where the
 * unpacked package is overlaid on /usr and /etc and /var/lib are copy-on-write over tmpfs, so the
 * machine itself is never changed (no user, no /etc/lantern, no /var/lib/lantern outside it).
 * What systemd itself enforces (ProtectSystem, SystemCallFilter, ...) is not reproduced here.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

export interface ServiceUnit {
  execStart: string[];
  user: string;
  group: string;
  workingDirectory: string;
  umask: string;
  environmentFile: string;
  noNewPrivileges: boolean;
  /** CapabilityBoundingSet= with no value: every capability dropped. */
  noCapabilities: boolean;
}

/** The [Service] section's settings (the last assignment wins, as in systemd.syntax(7)). */
export function parseServiceUnit(text: string): ServiceUnit {
  const service = new Map<string, string>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      section = header[1] ?? '';
      continue;
    }
    const eq = line.indexOf('=');
    if (section === 'Service' && eq > 0) service.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const need = (k: string): string => {
    const v = service.get(k);
    if (v === undefined || v === '') throw new Error(`the unit has no ${k}=`);
    return v;
  };
  const execStart = need('ExecStart').split(/\s+/);
  if (!(execStart[0] ?? '').startsWith('/')) throw new Error('ExecStart must be an absolute path without prefixes');
  return {
    execStart, user: need('User'), group: need('Group'), workingDirectory: need('WorkingDirectory'), umask: need('UMask'),
    environmentFile: need('EnvironmentFile').replace(/^-/, ''), noNewPrivileges: service.get('NoNewPrivileges') === 'yes',
    noCapabilities: service.get('CapabilityBoundingSet') === '',
  };
}

/** An EnvironmentFile as systemd.exec(5) reads it: NAME=value lines, # and ; comments, outer quotes removed. */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m === null) continue;
    const value = m[2] ?? '';
    env[m[1] ?? ''] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}

/** The environment systemd gives a service with User= (systemd.exec(5), "Environment variables in spawned processes"). */
export function serviceEnvironment(unit: ServiceUnit, home: string, fromFile: Record<string, string>): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: home, USER: unit.user, LOGNAME: unit.user,
    SHELL: '/usr/sbin/nologin', LANG: 'C.UTF-8', ...fromFile,
  };
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The script for `unshare --mount --propagation private sh -c <script>`: mounts, configures the
 * package (postinst), then execs the unit's ExecStart. `scratch` is an empty directory for the tmpfs.
 */
export function unitStartScript(unit: ServiceUnit, o: { root: string; controlDir: string; scratch: string; envFileSource: string }): string {
  const s = q(o.scratch);
  const priv = ['setpriv', `--reuid=${q(unit.user)}`, `--regid=${q(unit.group)}`, '--init-groups', '--inh-caps=-all',
    ...(unit.noNewPrivileges ? ['--no-new-privs'] : []), ...(unit.noCapabilities ? ['--bounding-set=-all'] : [])];
  return [
    'set -eu',
    `mount -t tmpfs -o mode=0755 tmpfs ${s}`,
    `mkdir ${s}/etc-up ${s}/etc-work ${s}/var-up ${s}/var-work`,
    `mount -t overlay overlay -o lowerdir=${q(`${o.root}/usr`)}:/usr /usr`,
    `mount -t overlay overlay -o lowerdir=/etc,upperdir=${s}/etc-up,workdir=${s}/etc-work /etc`,
    `mount -t overlay overlay -o lowerdir=/var/lib,upperdir=${s}/var-up,workdir=${s}/var-work /var/lib`,
    `mkdir -p ${q(dirname(unit.environmentFile))}`,
    `cp ${q(o.envFileSource)} ${q(unit.environmentFile)}`,
    `${q(`${o.controlDir}/postinst`)} configure >&2`,
    `cd ${q(unit.workingDirectory)}`,
    `umask ${unit.umask}`,
    `exec ${priv.join(' ')} -- ${unit.execStart.map(q).join(' ')}`,
  ].join('\n');
}

/** Whether this process may make a private mount namespace and mount in it (root, or CAP_SYS_ADMIN). */
export function canUseMountNamespace(): boolean {
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs /mnt'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}
