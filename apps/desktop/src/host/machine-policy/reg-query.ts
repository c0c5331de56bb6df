/**
 * Parses what `reg.exe query HKLM\SOFTWARE\Policies\Lantern` prints into the raw settings the
 * machine-policy schema checks. reg.exe prints one value per line, four spaces apart:
 *
 *     AutoLockMinutes    REG_DWORD    0x5
 *     AllowedUsers    REG_MULTI_SZ    dr.ada\0nurse.ben
 *
 * (REG_MULTI_SZ strings are joined with a literal `\0`). Value names map back to schema keys through
 * REGISTRY_VALUE_NAMES; a value this version does not know keeps its registry name so the strict schema
 * refuses it by that name, which is what IT sees in the Group Policy editor.
 * https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query
 */
import { REGISTRY_VALUE_NAMES, type MachinePolicyKey } from './machine-policy-schema.ts';

const LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;
const LIST_KEYS: ReadonlySet<string> = new Set<MachinePolicyKey>(['allowedUsers', 'allowedUnits']);
const KEY_OF = new Map<string, string>(Object.entries(REGISTRY_VALUE_NAMES).map(([key, name]) => [name.toLowerCase(), key]));

function valueOf(key: string, type: string, data: string): unknown {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD': {
      const n = Number.parseInt(data, 16);
      return /^0x[0-9a-f]+$/i.test(data) && Number.isSafeInteger(n) ? n : data;
    }
    case 'REG_MULTI_SZ': {
      const items = data === '' ? [] : data.split('\\0').map((s) => s.trim()).filter((s) => s !== '');
      return LIST_KEYS.has(key) ? items : items.join(';');
    }
    default:
      // REG_SZ / REG_EXPAND_SZ: a list typed into a plain string value may be separated by semicolons.
      return LIST_KEYS.has(key) ? data.split(';').map((s) => s.trim()).filter((s) => s !== '') : data;
  }
}

/** The raw settings in `reg query` output (no values: an empty object). */
export function parseRegQuery(output: string): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const line of output.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const name = m[1] ?? '';
    // "(Default)" is the key's unnamed value, which Group Policy never writes.
    if (name === '(Default)') continue;
    const key = KEY_OF.get(name.toLowerCase()) ?? name;
    raw[key] = valueOf(key, m[2] ?? 'REG_SZ', (m[3] ?? '').trim());
  }
  return raw;
}
