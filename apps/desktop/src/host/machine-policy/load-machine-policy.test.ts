import { describe, expect, it } from 'vitest';
import { loadMachinePolicy, type RunProgram } from './load-machine-policy.ts';
import { LINUX_POLICY_FILE, MACOS_POLICY_FILE } from './machine-policy-schema.ts';
import { parseRegQuery } from './reg-query.ts';
import { machineSettings } from './machine-settings.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const files = (map: Record<string, string>) => async (p: string): Promise<string> => {
  const text = map[p];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};
const noProgram: RunProgram = () => Promise.reject(new Error('no program expected'));

// Captured from `reg query HKLM\SOFTWARE\Policies\Lantern` on Windows 11 after gpupdate with lantern.admx.
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Lantern',
  '    ServerUrl    REG_SZ    https://lantern.hospital.example',
  '    AutoLockMinutes    REG_DWORD    0x5',
  '    OfflineGrantHours    REG_DWORD    0x48',
  '    AllowedUsers    REG_MULTI_SZ    dr.ada\\0nurse.ben',
  '    TrustedCaFile    REG_SZ    C:\\ProgramData\\Lantern\\ca.pem',
  '    UpdateChannel    REG_SZ    stable',
  '',
].join('\r\n');

describe('machine policy sources', () => {
  it('Linux: reads /etc/lantern/workstation.json; a missing file is no policy', async () => {
    const absent = await loadMachinePolicy({ platform: 'linux', readText: files({}), run: noProgram });
    expect(absent.status).toBe('absent');
    const ok = await loadMachinePolicy({ platform: 'linux', run: noProgram, readText: files({ [LINUX_POLICY_FILE]: JSON.stringify({ serverUrl: 'https://sync.example', autoLockMinutes: 3, allowedUsers: ['dr.ada'] }) }) });
    expect(ok).toMatchObject({ status: 'ok', source: { kind: 'file', location: LINUX_POLICY_FILE }, policy: { serverUrl: 'https://sync.example', autoLockMinutes: 3, allowedUsers: ['dr.ada'] } });
  });

  it('a bad file is refused with a message naming each bad key, never its value', async () => {
    const bad = await loadMachinePolicy({ platform: 'linux', file: '/x/ws.json', run: noProgram,
      readText: files({ '/x/ws.json': JSON.stringify({ autoLockMinutes: 'ten', autoLockMinute: 5, serverUrl: 'ftp://secret-host' }) }) });
    expect(bad.status).toBe('invalid');
    if (bad.status !== 'invalid') return;
    expect(bad.keys.sort()).toEqual(['autoLockMinute', 'autoLockMinutes', 'serverUrl']);
    expect(bad.message).toContain('autoLockMinute: not a Lantern workstation setting');
    expect(bad.message).toContain('autoLockMinutes: must be a whole number of minutes');
    expect(bad.message).not.toContain('secret-host');
    const notJson = await loadMachinePolicy({ platform: 'linux', file: '/x/ws.json', run: noProgram, readText: files({ '/x/ws.json': '{ serverUrl: ' }) });
    expect(notJson).toMatchObject({ status: 'invalid', message: 'the policy file is not valid JSON' });
  });

  it('an update channel the server does not serve is refused by name and pauses sign-in; a served one applies', async () => {
    const load = (channel: string) => loadMachinePolicy({ platform: 'linux', run: noProgram, readText: files({ [LINUX_POLICY_FILE]: JSON.stringify({ updateChannel: channel }) }) });
    const bad = await load('beta');
    expect(bad).toMatchObject({ status: 'invalid', keys: ['updateChannel'], message: 'updateChannel: must be one of stable, pilot' });
    const local = { serverUrl: 'http://127.0.0.1:4000', autoLockMs: 600_000 };
    expect(machineSettings(bad, local).admitUser('dr.ada')?.message).toBe(`Sign-in is paused on this workstation: its settings from IT are invalid (updateChannel: must be one of stable, pilot). Ask IT to correct ${LINUX_POLICY_FILE}.`);
    const pilot = await load('pilot');
    expect(pilot.status).toBe('ok');
    expect(machineSettings(pilot, local).updateChannel()).toBe('pilot');
  });

  it('a trusted CA that is not a PEM certificate is refused by name; a good one is loaded', async () => {
    const policy = JSON.stringify({ trustedCaFile: '/etc/lantern/ca.pem' });
    const bad = await loadMachinePolicy({ platform: 'linux', run: noProgram, readText: files({ [LINUX_POLICY_FILE]: policy, '/etc/lantern/ca.pem': 'hello' }) });
    expect(bad).toMatchObject({ status: 'invalid', keys: ['trustedCaFile'] });
    const ok = await loadMachinePolicy({ platform: 'linux', run: noProgram, readText: files({ [LINUX_POLICY_FILE]: policy, '/etc/lantern/ca.pem': PEM }) });
    expect(ok).toMatchObject({ status: 'ok', trustedCa: PEM });
  });

  it('Windows: parses reg query output into the same settings (DWORD numbers, MULTI_SZ lists)', async () => {
    expect(parseRegQuery(REG_OUTPUT)).toEqual({
      serverUrl: 'https://lantern.hospital.example', autoLockMinutes: 5, offlineGrantHours: 72, allowedUsers: ['dr.ada', 'nurse.ben'],
      trustedCaFile: 'C:\\ProgramData\\Lantern\\ca.pem', updateChannel: 'stable',
    });
    const calls: string[][] = [];
    const run: RunProgram = (file, args) => {
      calls.push([file, ...args]);
      return Promise.resolve({ ok: true, stdout: REG_OUTPUT });
    };
    const ok = await loadMachinePolicy({ platform: 'win32', run, readText: files({ 'C:\\ProgramData\\Lantern\\ca.pem': PEM }) });
    expect(calls).toEqual([['reg.exe', 'query', 'HKLM\\SOFTWARE\\Policies\\Lantern']]);
    expect(ok).toMatchObject({ status: 'ok', source: { kind: 'registry' }, policy: { autoLockMinutes: 5, allowedUsers: ['dr.ada', 'nurse.ben'] } });
    // reg.exe exits 1 when Group Policy never created the key.
    expect((await loadMachinePolicy({ platform: 'win32', run: () => Promise.resolve({ ok: false, code: 1 }), readText: files({}) })).status).toBe('absent');
    const unknown = await loadMachinePolicy({ platform: 'win32', run: () => Promise.resolve({ ok: true, stdout: '    AutoLock    REG_DWORD    0x5\r\n' }), readText: files({}) });
    expect(unknown).toMatchObject({ status: 'invalid', keys: ['AutoLock'] });
  });

  it('macOS: converts the managed preferences with plutil', async () => {
    const run: RunProgram = (file, args) => Promise.resolve(file === '/usr/bin/plutil' && args.includes(MACOS_POLICY_FILE)
      ? { ok: true, stdout: JSON.stringify({ serverUrl: 'https://sync.example', offlineGrantHours: 12 }) } : { ok: false, code: 1 });
    const ok = await loadMachinePolicy({ platform: 'darwin', run, readText: files({ [MACOS_POLICY_FILE]: 'bplist00' }) });
    expect(ok).toMatchObject({ status: 'ok', source: { kind: 'managed-preferences' }, policy: { offlineGrantHours: 12 } });
    expect((await loadMachinePolicy({ platform: 'darwin', run, readText: files({}) })).status).toBe('absent');
  });
});
