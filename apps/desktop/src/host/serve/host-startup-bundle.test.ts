/**
 * The built host (vite.host.config.ts) starts without the CDS knowledge base: neither start-up entry
 * (main.js, the host worker) imports, directly or through its chunks, a module of the kb's data; the
 * kb sits in a chunk that is only imported dynamically, on first use by the order screens. A static
 * import of the engine from a start-up module (a router, create-host) puts it back and fails here.
 */
import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { KB_VERSION } from '@lantern/core/cds';

const out = mkdtempSync(join(tmpdir(), 'lantern-host-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The chunks a chunk imports statically (`import ... from "./x.js"` / `import "./x.js"`), not `import("./x.js")`. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s)?["']\.\/([^"']+)["']/gm)].map((m) => m[1] ?? '');
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const d of staticImports(readFileSync(join(out, f), 'utf8'))) visit(d);
  };
  visit(entry);
  return seen;
}

// allergy.data.ts is the exception: its code system names an allergy's drug class when the chart records
// one (core's clinical-lists), so that small table is shared with start-up.
const KB_DATA = /^\/\/ .*\/packages\/core\/src\/cds\/kb\/(?!allergy\.data)[a-z-]+\.data\.ts$/m;

it('loads no kb data module at start-up; the kb is in a chunk imported only on demand', async () => {
  await build({ configFile: fileURLToPath(new URL('../../../vite.host.config.ts', import.meta.url)), logLevel: 'silent', build: { outDir: out } });
  const chunks = readdirSync(out).filter((f) => f.endsWith('.js'));
  const startUp = new Set([...closure('main.js'), ...closure('http-host-worker.js')]);
  expect(startUp.size).toBeGreaterThan(2);
  for (const f of startUp) expect(KB_DATA.test(readFileSync(join(out, f), 'utf8')), `${f} is loaded at start-up and holds kb data`).toBe(false);
  const kbChunks = chunks.filter((f) => KB_DATA.test(readFileSync(join(out, f), 'utf8')));
  expect(kbChunks.length).toBeGreaterThan(0);
  // Reached only through a dynamic import.
  const all = chunks.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  for (const k of kbChunks) expect(all).toMatch(new RegExp(`import\\(["']\\./${k.replace(/[.$]/g, '\\$&')}["']\\)`));
  // The version the host reports on sync is inlined from core.
  expect(readFileSync(join(out, 'http-host-worker.js'), 'utf8')).toContain(`KB_VERSION = ${JSON.stringify(KB_VERSION)}`);
}, 120_000);
