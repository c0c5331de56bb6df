/**
 * Reads the machine policy from where the platform keeps it:
 * - Linux (and the browser mode anywhere): `/etc/lantern/workstation.json`, or the file named by
 *   LANTERN_MACHINE_POLICY_FILE (tests, and a site that keeps it elsewhere);
 * - Windows: `HKLM\SOFTWARE\Policies\Lantern` through `reg.exe query` (Group Policy, policy/admx);
 * - macOS: the managed preferences a configuration profile installs, through `plutil -convert json`.
 *
 * A missing source is "no machine policy". A source that cannot be read or does not pass the schema
 * is an `invalid` value naming the bad keys: the workstation starts, shows it to IT and refuses
 * sign-in until it is fixed (a restriction IT meant to set must not silently fall away). Never throws.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { LINUX_POLICY_FILE, MACOS_POLICY_FILE, MachinePolicySchema, policyProblems, REGISTRY_KEY, type MachinePolicy } from './machine-policy-schema.ts';
import { parseRegQuery } from './reg-query.ts';

export type MachinePolicySourceKind = 'file' | 'registry' | 'managed-preferences';
export interface MachinePolicySource {
  kind: MachinePolicySourceKind;
  /** Where IT looks: a path or a registry key (never a value). */
  location: string;
}

export type MachinePolicyLoad =
  | { status: 'absent'; source: MachinePolicySource }
  | { status: 'ok'; source: MachinePolicySource; policy: MachinePolicy; trustedCa: string | null }
  | { status: 'invalid'; source: MachinePolicySource; keys: string[]; message: string };

export const NO_MACHINE_POLICY: MachinePolicyLoad = { status: 'absent', source: { kind: 'file', location: LINUX_POLICY_FILE } };

/** Runs a program and returns its stdout (injected in tests; reg.exe and plutil exist only on their OS). */
export type RunProgram = (file: string, args: readonly string[]) => Promise<{ ok: true; stdout: string } | { ok: false; code: number | null }>;

export interface LoadMachinePolicyOptions {
  platform: NodeJS.Platform;
  /** LANTERN_MACHINE_POLICY_FILE: a JSON file read instead of the platform's source. */
  file?: string;
  run?: RunProgram;
  readText?: (path: string) => Promise<string>;
}

const execFileP = promisify(execFile);
const runProgram: RunProgram = async (file, args) => {
  try {
    const { stdout } = await execFileP(file, [...args], { timeout: 10_000, windowsHide: true, maxBuffer: 1 << 20 });
    return { ok: true, stdout };
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'number' ? e.code : null;
    return { ok: false, code };
  }
};

const isMissing = (e: unknown): boolean => typeof e === 'object' && e !== null && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');
const invalid = (source: MachinePolicySource, keys: string[], message: string): MachinePolicyLoad => ({ status: 'invalid', source, keys, message });

async function checked(source: MachinePolicySource, raw: unknown, readText: (p: string) => Promise<string>): Promise<MachinePolicyLoad> {
  const parsed = MachinePolicySchema.safeParse(raw);
  if (!parsed.success) {
    const p = policyProblems(parsed.error);
    return invalid(source, p.keys, p.message);
  }
  const policy = parsed.data;
  if (policy.trustedCaFile === undefined) return { status: 'ok', source, policy, trustedCa: null };
  let pem: string;
  try {
    pem = await readText(policy.trustedCaFile);
  } catch {
    return invalid(source, ['trustedCaFile'], 'trustedCaFile: the CA file cannot be read');
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return invalid(source, ['trustedCaFile'], 'trustedCaFile: the file holds no PEM certificate');
  return { status: 'ok', source, policy, trustedCa: pem };
}

async function fromJsonFile(path: string, readText: (p: string) => Promise<string>): Promise<MachinePolicyLoad> {
  const source: MachinePolicySource = { kind: 'file', location: path };
  let text: string;
  try {
    text = await readText(path);
  } catch (e) {
    return isMissing(e) ? { status: 'absent', source } : invalid(source, [], 'the policy file cannot be read (check its permissions)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return invalid(source, [], 'the policy file is not valid JSON');
  }
  return checked(source, raw, readText);
}

async function fromRegistry(run: RunProgram, readText: (p: string) => Promise<string>): Promise<MachinePolicyLoad> {
  const source: MachinePolicySource = { kind: 'registry', location: REGISTRY_KEY };
  const out = await run('reg.exe', ['query', REGISTRY_KEY]);
  // reg.exe exits 1 when the key does not exist: Group Policy has set nothing for Lantern.
  if (!out.ok) return out.code === 1 ? { status: 'absent', source } : invalid(source, [], 'the policy registry key cannot be read');
  const raw = parseRegQuery(out.stdout);
  return Object.keys(raw).length === 0 ? { status: 'absent', source } : checked(source, raw, readText);
}

async function fromManagedPreferences(run: RunProgram, readText: (p: string) => Promise<string>): Promise<MachinePolicyLoad> {
  const source: MachinePolicySource = { kind: 'managed-preferences', location: MACOS_POLICY_FILE };
  try {
    await readText(MACOS_POLICY_FILE);
  } catch (e) {
    if (isMissing(e)) return { status: 'absent', source };
  }
  const out = await run('/usr/bin/plutil', ['-convert', 'json', '-o', '-', MACOS_POLICY_FILE]);
  if (!out.ok) return invalid(source, [], 'the managed preferences cannot be read');
  let raw: unknown;
  try {
    raw = JSON.parse(out.stdout);
  } catch {
    return invalid(source, [], 'the managed preferences are not a property list of settings');
  }
  // A profile's own bookkeeping (PayloadUUID, PayloadVersion, ...) may ride along: not settings.
  const settings = typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('Payload')))
    : raw;
  return checked(source, settings, readText);
}

export async function loadMachinePolicy(o: LoadMachinePolicyOptions): Promise<MachinePolicyLoad> {
  const readText = o.readText ?? ((p: string) => readFile(p, 'utf8'));
  const run = o.run ?? runProgram;
  if (o.file !== undefined) return fromJsonFile(o.file, readText);
  switch (o.platform) {
    case 'win32':
      return fromRegistry(run, readText);
    case 'darwin':
      return fromManagedPreferences(run, readText);
    default:
      return fromJsonFile(LINUX_POLICY_FILE, readText);
  }
}
