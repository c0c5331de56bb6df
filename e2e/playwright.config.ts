import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (shared/ENVIRONMENT.md). One worker: the specs share
// one sync server and stop/start it, and the machine has two cores.
export default defineConfig({
  testDir: './tests',
  testMatch: /.*\.spec\.ts$/,
  workers: 1,
  fullyParallel: false,
  // One retry: a spec that fails twice fails the run; one that passes on the retry is reported as
  // flaky in the output (axe has twice caught a colour mid-transition under load), not hidden.
  retries: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'off',
  },
});
