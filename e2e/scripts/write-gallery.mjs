/**
 * Writes `e2e/artifacts/README.md`, the screen gallery, from the screenshots in `e2e/artifacts/`:
 * one section per spec (the spec whose source names the screenshot), in spec order, each picture
 * with a caption made from its name. A picture no spec takes any more is left out and named on
 * stderr (delete it or find the spec that lost it). Run after a full e2e run: `pnpm --filter
 * @lantern/e2e gallery`, then `git add -f e2e/artifacts` (the folder is ignored so that a single
 * spec run does not dirty the tree).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2e = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(e2e, 'artifacts');
const tests = join(e2e, 'tests');

const specs = readdirSync(tests).filter((f) => f.endsWith('.spec.ts')).sort();
const sources = new Map(specs.map((f) => [f, readFileSync(join(tests, f), 'utf8')]));
const pictures = readdirSync(artifacts).filter((f) => f.endsWith('.png')).sort();

/** The spec that takes a screenshot: its name appears quoted in the spec's source. */
function specOf(stem) {
  for (const [spec, src] of sources) if (src.includes(`'${stem}'`) || src.includes(`\`${stem}\``) || src.includes(`"${stem}"`)) return spec;
  // Names built from a template: `13-${n}-...`, `23-machine-policy-settings-${scheme}`.
  for (const [spec, src] of sources) {
    const templates = src.match(/`[^`]*\$\{[^`]*`/g) ?? [];
    for (const t of templates) {
      const pattern = new RegExp(`^${t.slice(1, -1).split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      if (pattern.test(stem)) return spec;
    }
  }
  return undefined;
}

const caption = (stem) => {
  const words = stem.replace(/^\d+[a-z]?-(\d+-)?/, '').replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const title = (spec) => spec.replace(/\.spec\.ts$/, '').replace(/^(\d+)-/, 'Spec $1: ').replace(/-/g, ' ');

const bySpec = new Map();
const orphans = [];
for (const file of pictures) {
  const stem = file.slice(0, -4);
  const spec = specOf(stem);
  if (spec === undefined) orphans.push(file);
  else bySpec.set(spec, [...(bySpec.get(spec) ?? []), file]);
}

const lines = [
  '# Screen gallery',
  '',
  'Every screen at 1366x900, written by the Playwright specs in `e2e/tests/` (`screenshot()` in',
  '`tests/fixtures.ts`). Specs also check their screens with axe-core (`tests/harness/axe.ts`); spec 13',
  'checks each shell screen in light and dark. This page is written by `pnpm --filter @lantern/e2e gallery`',
  'from the pictures a full run leaves here.',
  '',
  '| spec | screens |',
  '|---|---|',
  ...specs.filter((s) => bySpec.has(s)).map((s) => `| [${title(s)}](#${title(s).toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')}) | ${bySpec.get(s).length} |`),
  '',
];
for (const spec of specs) {
  const files = bySpec.get(spec);
  if (files === undefined) continue;
  lines.push(`## ${title(spec)}`, '', `\`tests/${spec}\``, '');
  for (const f of files) lines.push(`**${caption(f.slice(0, -4))}** (\`${f}\`)`, '', `![${caption(f.slice(0, -4))}](${f})`, '');
}
writeFileSync(join(artifacts, 'README.md'), lines.join('\n'));
console.log(`gallery: ${pictures.length - orphans.length} screens from ${bySpec.size} specs`);
if (orphans.length > 0) console.error(`not taken by any spec (left out): ${orphans.join(', ')}`);
