import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser-mode host as Node ES modules (dist/host/main.js and its chunks): what `pnpm start` runs, so the
// workstation starts without transpiling TypeScript at launch. npm dependencies (the SQLCipher
// native module, tRPC, zod) stay external; Lantern's own packages are bundled in.
export default defineConfig({
  plugins: [
    {
      // The store reads its numbered SQL migrations from beside its code.
      name: 'lantern-copy-store-migrations',
      closeBundle() {
        cpSync(fileURLToPath(new URL('./src/host/store/migrations', import.meta.url)), fileURLToPath(new URL('./dist/host/migrations', import.meta.url)), { recursive: true });
      },
    },
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
