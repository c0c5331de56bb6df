import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
// Read at build time only, to inline it (see the kb-version plugin below); not bundled into the host.
import { KB_VERSION } from '../../packages/core/src/cds/kb/data.ts';

const KB_VERSION_MODULE = /\/src\/host\/serve\/kb-version\.ts$/;

// The browser-mode host as Node ES modules (dist/host/main.js and its chunks): what `pnpm start` runs, so the
// workstation starts without transpiling TypeScript at launch. npm dependencies (the SQLCipher
// native module, tRPC, zod) stay external; Lantern's own packages are bundled in.
export default defineConfig({
  plugins: [
    {
      // Core keeps the kb's version beside its data tables: the host's start-up reads the version (for the
      // sync report) as a literal, so the kb itself stays in the chunk the order screens load on first use.
      name: 'lantern-inline-kb-version',
      load(id) {
        return KB_VERSION_MODULE.test(id) ? `export const KB_VERSION = ${JSON.stringify(KB_VERSION)};\n` : null;
      },
    },
    (() => {
      let outDir = '';
      return {
        // The store reads its numbered SQL migrations from beside its code.
        name: 'lantern-copy-store-migrations',
        configResolved(config: { root: string; build: { outDir: string } }) {
          outDir = resolve(config.root, config.build.outDir);
        },
        closeBundle() {
          cpSync(fileURLToPath(new URL('./src/host/store/migrations', import.meta.url)), join(outDir, 'migrations'), { recursive: true });
        },
      };
    })(),
  ],
  build: {
    // main.js, and the browser-mode host's worker thread (serve/http-host-worker.ts) beside it.
    ssr: true,
    outDir: fileURLToPath(new URL('./dist/host', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    // Chunks sit beside main.js: the store finds its migrations relative to its own module. The host's
    // code is a chunk of its own, imported once the loopback server listens (serve/start-workstation.ts).
    rollupOptions: {
      // @lantern/core is pure (CONVENTIONS.md 1): a module of it whose exports are not used is dropped,
      // so the main thread, which needs only its error types, does not load its schemas and tables.
      treeshake: { moduleSideEffects: (id) => !/\/packages\/core\/src\//.test(id) },
      input: {
        main: fileURLToPath(new URL('./src/host/serve/main.ts', import.meta.url)),
        'http-host-worker': fileURLToPath(new URL('./src/host/serve/http-host-worker.ts', import.meta.url)),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  // zod and tRPC are bundled too: one tree-shaken file each instead of dozens of package modules for Node
  // to resolve, read and link at every start (about a tenth of a second of CPU before the first screen).
  ssr: { noExternal: [/^@lantern\//, /^zod(\/|$)/, /^@trpc\//] },
});
