import { defineConfig } from 'vitest/config';

export default defineConfig({
  // setup: the browser APIs jsdom lacks and Mantine uses (src/design/testing/setup.ts).
  test: { environment: 'jsdom', css: false, setupFiles: ['./src/design/testing/setup.ts'] },
});
