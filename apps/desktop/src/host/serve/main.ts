/**
 * `tsx src/host/serve/main.ts`: the workstation in browser mode. Prints
 * `workstation listening on http://127.0.0.1:PORT` and the one-time URL to open; SIGUSR1 prints a new
 * one-time URL (a closed tab, another browser) without a restart; SIGINT/SIGTERM close the store
 * cleanly. Logs carry ids and counts only, never PHI. A workstation that cannot start (its store
 * cannot open, loopback refused) prints one sentence with the cause and the fix and exits with
 * START_FAILED (start-failure.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadWorkstationEnv } from './env.ts';
import { startWorkstationWithHostWorker } from './start-workstation-worker.ts';
import { START_FAILED, startFailureSentence, storePathsOf, storePreflight } from './start-failure.ts';
import { LINUX_POLICY_FILE } from '../machine-policy/machine-policy-schema.ts';

const env = loadWorkstationEnv();
// Beside the bundled host (dist/host/main.js) or, run from source, in apps/desktop/dist.
const bundled = fileURLToPath(new URL('../renderer', import.meta.url));
const rendererDir = resolve(env.LANTERN_RENDERER_DIR ?? (existsSync(bundled) ? bundled : fileURLToPath(new URL('../../../dist/renderer', import.meta.url))));

const paths = storePathsOf(resolve(env.LANTERN_WORKSTATION_DIR));
/** One sentence with the cause and the fix, never a stack trace or a link nothing will answer. */
const fail = (e: unknown): never => {
  console.error(startFailureSentence(e, paths));
  process.exit(START_FAILED);
};
// What the files alone say is known before the link is printed; a wrong key only once the store opens.
const known = storePreflight(paths);
if (known !== null) fail(known);
// The host runs on a worker thread, started at once (start-workstation-worker.ts). The browser mode
// reads the Linux policy file on every OS (it is how IT configures a browser-mode site): the worker
// reads it there.
const ws = await startWorkstationWithHostWorker({
  dataDir: paths.dataDir,
  serverUrl: env.LANTERN_SERVER_URL,
  rendererDir,
  port: env.LANTERN_WORKSTATION_PORT,
  autoLockMs: env.LANTERN_AUTO_LOCK_MS,
  keepOfflineGrantOnSignOut: env.LANTERN_KEEP_OFFLINE_GRANT_ON_SIGN_OUT,
  syncIntervalMs: env.LANTERN_SYNC_INTERVAL_MS,
  backoffMaxMs: env.LANTERN_SYNC_BACKOFF_MAX_MS,
  pullPageSize: env.LANTERN_PULL_PAGE_SIZE,
  requestTimeoutMs: env.LANTERN_REQUEST_TIMEOUT_MS,
  pullTimeoutMs: env.LANTERN_PULL_TIMEOUT_MS,
  ...(env.LANTERN_CDS_KB_REVIEW_BY === undefined ? {} : { knowledgeBaseReviewBy: env.LANTERN_CDS_KB_REVIEW_BY }),
  machinePolicyFile: env.LANTERN_MACHINE_POLICY_FILE ?? LINUX_POLICY_FILE,
  ...(env.LANTERN_UPDATE_PUBLIC_KEY_FILE === undefined ? {} : { updateReleaseKeyFile: env.LANTERN_UPDATE_PUBLIC_KEY_FILE }),
  ...(env.LANTERN_UPDATE_CHANNEL === undefined ? {} : { updateChannel: env.LANTERN_UPDATE_CHANNEL }),
  log: (m) => console.log(`[workstation] ${m}`),
  // The link is printed as soon as the server listens: the browser loads the screens while the store opens.
  onListening: (http) => {
    console.log(`workstation listening on ${http.origin}`);
    console.log(`open ${http.launchUrl}`);
  },
}).catch(fail);
// When the host could first answer, counted from the process start (performance.timeOrigin): what a cold start waits on.
console.log(`[workstation] host ready ${Math.round(performance.now())} ms after start`);

process.on('SIGUSR1', () => console.log(`new launch link (works once): ${ws.newLaunchUrl()}`));

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  ws.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
