/**
 * The Group Policy template and the samples IT copies must match what the workstation reads: a policy
 * whose value name the reader does not know would be set in the Group Policy editor and silently do
 * nothing (the reader would refuse the whole policy by that name).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UPDATE_CHANNELS } from '@lantern/core/workstation-version';
import { MACHINE_POLICY_KEYS, MachinePolicySchema, REGISTRY_VALUE_NAMES } from './machine-policy-schema.ts';

const POLICY_DIR = fileURLToPath(new URL('../../../policy/', import.meta.url));
const ADMX = `${POLICY_DIR}admx/lantern.admx`;
const ADML = `${POLICY_DIR}admx/en-US/lantern.adml`;
const MOBILECONFIG = `${POLICY_DIR}macos/org.lantern.workstation.mobileconfig`;
const XMLLINT = '/usr/bin/xmllint';

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

interface AdmxElement { '@id': string; '@valueName': string; item?: AdmxEnumItem | AdmxEnumItem[] }
interface AdmxEnumItem { '@displayName': string; value: { string: string } }
interface AdmxPolicy { '@name': string; '@key': string; '@class': string; '@valueName'?: string; elements?: Record<string, AdmxElement | AdmxElement[]> }

function admxPolicies(): AdmxPolicy[] {
  const doc = parser.parse(readFileSync(ADMX, 'utf8')) as { policyDefinitions: { policies: { policy: AdmxPolicy | AdmxPolicy[] } } };
  return asArray(doc.policyDefinitions.policies.policy);
}

describe('Group Policy template (ADMX/ADML)', () => {
  it('both files are well-formed XML', () => {
    for (const file of [ADMX, ADML, MOBILECONFIG]) expect(XMLValidator.validate(readFileSync(file, 'utf8')), file).toBe(true);
    // xmllint is installed by scripts/setup.sh; a fresh machine without it still has the check above.
    if (existsSync(XMLLINT)) execFileSync(XMLLINT, ['--noout', ADMX, ADML, MOBILECONFIG]);
  });

  it('every policy writes a machine value under SOFTWARE\\Policies\\Lantern named as the reader reads it, and every setting has a policy', () => {
    const policies = admxPolicies();
    const written = policies.flatMap((p) => [
      ...(p['@valueName'] === undefined ? [] : [p['@valueName']]),
      ...Object.values(p.elements ?? {}).flatMap((e) => asArray(e).map((x) => x['@valueName'])),
    ]);
    for (const p of policies) {
      expect(p['@class']).toBe('Machine');
      expect(p['@key']).toBe('SOFTWARE\\Policies\\Lantern');
    }
    expect([...written].sort()).toEqual(Object.values(REGISTRY_VALUE_NAMES).sort());
    expect(Object.keys(REGISTRY_VALUE_NAMES).sort()).toEqual([...MACHINE_POLICY_KEYS].sort());
  });

  it('number policies carry the schema’s bounds', () => {
    const bounds = Object.fromEntries(admxPolicies().flatMap((p) => asArray(p.elements?.['decimal']).map((d) => [d['@valueName'], d])));
    expect(bounds['AutoLockMinutes']).toMatchObject({ '@minValue': '1', '@maxValue': '240' });
    expect(bounds['OfflineGrantHours']).toMatchObject({ '@minValue': '1', '@maxValue': '720' });
    expect(MachinePolicySchema.safeParse({ autoLockMinutes: 240, offlineGrantHours: 720 }).success).toBe(true);
    expect(MachinePolicySchema.safeParse({ autoLockMinutes: 241 }).success).toBe(false);
  });

  it('the update channel is a drop-down of exactly the channels the server serves and the schema accepts', () => {
    const channel = admxPolicies().flatMap((p) => asArray(p.elements?.['enum'])).find((e) => e['@valueName'] === 'UpdateChannel');
    const offered = asArray(channel?.item).map((i) => i.value.string);
    expect(offered).toEqual([...UPDATE_CHANNELS]);
    for (const c of offered) expect(MachinePolicySchema.safeParse({ updateChannel: c }).success, c).toBe(true);
    expect(MachinePolicySchema.safeParse({ updateChannel: 'beta' }).success).toBe(false);
    const adml = readFileSync(ADML, 'utf8');
    expect(adml).toMatch(/<dropdownList refId="UpdateChannel"[^>]*>/);
  });

  it('every string and presentation the ADMX references exists in the en-US ADML', () => {
    const admx = readFileSync(ADMX, 'utf8');
    const adml = parser.parse(readFileSync(ADML, 'utf8')) as { policyDefinitionResources: { resources: { stringTable: { string: { '@id': string }[] }; presentationTable: { presentation: { '@id': string }[] } } } };
    const strings = new Set(adml.policyDefinitionResources.resources.stringTable.string.map((s) => s['@id']));
    const presentations = new Set(asArray(adml.policyDefinitionResources.resources.presentationTable.presentation).map((p) => p['@id']));
    const usedStrings = [...admx.matchAll(/\$\(string\.([^)]+)\)/g)].map((m) => m[1] ?? '');
    const usedPresentations = [...admx.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((m) => m[1] ?? '');
    expect(usedStrings.length).toBeGreaterThan(MACHINE_POLICY_KEYS.length);
    expect(usedStrings.filter((id) => !strings.has(id))).toEqual([]);
    expect(usedPresentations.filter((id) => !presentations.has(id))).toEqual([]);
  });

  it('the sample policy file and the macOS profile payload pass the workstation’s schema', () => {
    expect(MachinePolicySchema.safeParse(JSON.parse(readFileSync(`${POLICY_DIR}workstation.json`, 'utf8'))).success).toBe(true);
    // The profile's payload dict: its settings keys are the schema's (Payload* keys are the profile's own).
    const plist = readFileSync(MOBILECONFIG, 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1] ?? '').filter((k) => !k.startsWith('Payload'));
    expect(keys.filter((k) => !(MACHINE_POLICY_KEYS as string[]).includes(k))).toEqual([]);
  });
});
