/**
 * Electron main process: one hardened window, and the host (store, session, sync, router) on its own
 * worker thread (host/serve/host-worker.ts) so SQLCipher never blocks this process; renderer calls
 * reach it over IPC. The screens load while the host starts (workstation-startup.ts, as browser mode
 * does). If the store cannot be opened (keychain, missing or wrong key, damaged file) the
 * window shows what happened and what IT can do (error-screen.ts), and the files stay untouched.
 * Only this folder imports electron.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, shell } from 'electron';
import { RENDERER_CSP } from '../host/serve/csp.ts';
import { IPC_TRPC_CHANNEL } from '../host/serve/ipc-trpc.ts';
import { loadDesktopEnv } from './env.ts';
import { errorScreenHtml } from './error-screen.ts';
import { storePaths } from './open-workstation.ts';
import { keychainStatus, safeStorageWrapper } from './safe-storage-wrapper.ts';
import { AutoUpdates } from './updater.ts';
import { isAllowedNavigation, isExternalWebUrl, isTrustedSender, secureWebPreferences } from './window-security.ts';
import { startElectronWorkstation, type WorkstationStartup } from './workstation-startup.ts';

const env = loadDesktopEnv();
const rendererIndex = join(import.meta.dirname, '..', '..', 'dist', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
let updates: AutoUpdates | null = null;
// The organisation's release key: IT's file, else the one packaged with the installer (extraResources policy/).
const bundledReleaseKey = join(process.resourcesPath, 'policy', 'update-release.pem');
const releaseKeyFile = env.LANTERN_UPDATE_PUBLIC_KEY_FILE ?? (existsSync(bundledReleaseKey) ? bundledReleaseKey : undefined);

app.enableSandbox();

// Every web contents, present or future: no new windows, no navigation away, no webviews, no permissions.
app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    // SMART apps opened from the chart go to the system browser, never into a window of this app.
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
});

await app.whenReady();
const dataDir = join(app.getPath('userData'), 'store');
const win = new BrowserWindow({ width: 1400, height: 900, show: false, title: 'Lantern', backgroundColor: '#f4f6f8', webPreferences: secureWebPreferences(join(import.meta.dirname, '..', 'preload', 'preload.cjs')) });
win.once('ready-to-show', () => win.show());

// The screens load at once, while the host worker opens the store (workstation-startup.ts, as in browser
// mode): until it is ready index.html says no one is signed in, and IPC calls wait for the host.
let startup: WorkstationStartup | null = null;
protocol.handle('file', async (request) => (await startup?.page(request.url)) ?? net.fetch(request, { bypassCustomProtocolHandlers: true }));
startup = startElectronWorkstation({
  dataDir, serverUrl: env.LANTERN_SERVER_URL, wrapper: safeStorageWrapper, keychain: keychainStatus(), rendererIndex,
  allowBasicText: env.LANTERN_ALLOW_BASIC_TEXT_KEYCHAIN, log: (m) => console.log(`[workstation] ${m}`),
  ...(env.LANTERN_MACHINE_POLICY_FILE === undefined ? {} : { machinePolicyFile: env.LANTERN_MACHINE_POLICY_FILE }),
  ...(env.LANTERN_CDS_KB_REVIEW_BY === undefined ? {} : { knowledgeBaseReviewBy: env.LANTERN_CDS_KB_REVIEW_BY }),
  ...(releaseKeyFile === undefined ? {} : { updateReleaseKeyFile: releaseKeyFile }),
  ...(env.LANTERN_UPDATE_CHANNEL === undefined ? {} : { updateChannel: env.LANTERN_UPDATE_CHANNEL }),
}, {
  showScreens: () => win.loadFile(rendererIndex),
  // The error page has no script (a data: URL, which isTrustedSender refuses): nothing on it reaches IPC.
  showFailure: (failure) => win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(errorScreenHtml(failure, storePaths(dataDir)))}`),
});
const started = startup;
ipcMain.handle(IPC_TRPC_CHANNEL, async (event, op) => {
  if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) {
    return { ok: false, error: { message: 'Forbidden', code: -32003, data: { code: 'FORBIDDEN', httpStatus: 403, lanternCode: 'FORBIDDEN' } } };
  }
  return started.call(op);
});
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  updates?.stop();
  updates = null;
  // A host still starting is closed once it is up: its store is never left open.
  void started.opened.then((h) => (h.ok ? h.value.close() : undefined));
});

const opened = await started.opened;
// Started or not, index.html is served as it is from now on.
protocol.unhandle('file');
if (opened.ok) {
  const running = opened.value;
  // Installs on quit only what the host verified; the host says when there is something (and refuses signed out).
  updates = new AutoUpdates({ feed: (refresh) => running.updateFeed(refresh), log: (m) => console.log(`[workstation] ${m}`) });
  updates.start();
}
