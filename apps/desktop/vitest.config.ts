import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run from the package root (vite.config.ts roots the renderer build at src/renderer).
// Node environment by default; a renderer test opts into jsdom with `// @vitest-environment jsdom`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
