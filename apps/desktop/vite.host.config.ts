import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser-mode host as one Node ES module (dist/host/main.js): what `pnpm start` runs, so the
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
    ssr: fileURLToPath(new URL('./src/host/serve/main.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('./dist/host', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
  },
  ssr: { noExternal: [/^@lantern\//] },
});
