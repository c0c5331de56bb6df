/**
 * electron-builder cannot run here (it downloads Electron), so the installer configuration is checked
 * against electron-builder's own configuration schema (app-builder-lib/scheme.json, JSON Schema
 * draft-07) with ajv, and the installer scripts it names are checked for what IT relies on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';

const APP = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
// The schema and the YAML parser electron-builder itself uses to read electron-builder.yml.
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const schema = builderRequire('./scheme.json') as { $schema: string };

function loadConfig(): Record<string, unknown> {
  const config = yaml.load(readFileSync(`${APP}electron-builder.yml`, 'utf8'));
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('electron-builder.yml is not a mapping');
  return Object.fromEntries(Object.entries(config));
}

let compiled: ReturnType<Ajv['compile']> | null = null;
/** Compiled once: the schema is large (several seconds on a loaded machine). */
function validator() {
  if (compiled !== null) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // electron-builder's schema marks hooks `{ "typeof": "function" }` (an ajv-keywords keyword).
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (type: string, data: unknown) => typeof data === type });
  compiled = ajv.compile(schema);
  return compiled;
}

describe('installer configuration (electron-builder.yml)', () => {
  it('validates against electron-builder’s own schema (draft-07)', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const validate = validator();
    const ok = validate(loadConfig());
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    // The schema does catch mistakes: a misspelt option is refused.
    expect(validate({ ...loadConfig(), nsis: { perMachine: true, perMachin: true } })).toBe(false);
  }, 60_000);

  it('builds per-machine NSIS and MSI, deb, rpm and dmg, with the installer scripts IT relies on', () => {
    const c = loadConfig() as { win: { target: string[] }; linux: { target: string[] }; mac: { target: string[] }; nsis: { perMachine: boolean; oneClick: boolean; include: string };
      msi: { perMachine: boolean }; msiProjectCreated: string; deb: { afterInstall: string }; rpm: { afterInstall: string }; extraResources: { from: string; to: string }[] };
    expect(c.win.target).toEqual(expect.arrayContaining(['nsis', 'msi']));
    expect(c.linux.target).toEqual(expect.arrayContaining(['deb', 'rpm']));
    expect(c.mac.target).toContain('dmg');
    expect([c.nsis.perMachine, c.nsis.oneClick, c.msi.perMachine]).toEqual([true, false, true]);
    for (const f of [c.nsis.include, c.msiProjectCreated, c.deb.afterInstall, c.rpm.afterInstall]) expect(existsSync(`${APP}${f}`), f).toBe(true);
    expect(c.extraResources).toContainEqual({ from: 'policy', to: 'policy' });
  });

  it('the NSIS include writes /SERVERURL= to the machine policy value the workstation reads', () => {
    const nsh = readFileSync(`${APP}build/installer.nsh`, 'utf8');
    expect(nsh).toContain('!macro customInstall');
    expect(nsh).toContain('${GetOptions} $R0 "/SERVERURL=" $R1');
    expect(nsh).toContain('WriteRegStr HKLM "SOFTWARE\\Policies\\Lantern" "ServerUrl" "$R1"');
  });

  it('the MSI hook adds a SERVERURL property writing the same value, conditioned on it being given', async () => {
    const hook = require(`${APP}build/msi-server-url.cjs`) as { FRAGMENT: string };
    expect(hook.FRAGMENT).toContain('<Property Id="SERVERURL" Secure="yes"/>');
    expect(hook.FRAGMENT).toContain('<Condition>SERVERURL</Condition>');
    expect(hook.FRAGMENT).toContain('Key="SOFTWARE\\Policies\\Lantern" Name="ServerUrl" Type="string" Value="[SERVERURL]"');
    // The fragment makes a well-formed project out of electron-builder's template shape.
    const { XMLValidator } = await import('fast-xml-parser');
    const wxs = `<Wix><Product Id="*">${hook.FRAGMENT}</Wix>`;
    expect(XMLValidator.validate(wxs)).toBe(true);
  });

  it('the Linux after-install script is valid shell and installs only a sample policy', () => {
    const script = `${APP}build/linux-after-install.sh`;
    execFileSync('bash', ['-n', script]);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('/etc/lantern/workstation.json.sample');
    expect(text).not.toMatch(/\s\/etc\/lantern\/workstation\.json(\s|$)/);
  });
});
