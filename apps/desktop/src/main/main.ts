/**
 * Electron main process: one hardened window showing the renderer build, the host (store, session,
 * sync) in this process, and tRPC over IPC between them. Only this folder imports electron.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { RENDERER_CSP } from '../host/serve/csp.ts';
import { createHost, type Host } from '../host/serve/create-host.ts';
import { handleIpcTrpc, IPC_TRPC_CHANNEL } from '../host/serve/ipc-trpc.ts';
import { wrappedKeyFileProvider } from '../host/store/key/wrapped-key-file.ts';
import { safeStorageWrapper } from './safe-storage-wrapper.ts';
import { isAllowedNavigation, isTrustedSender, secureWebPreferences } from './window-security.ts';

const rendererIndex = join(import.meta.dirname, '..', '..', 'dist', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
let host: Host | null = null;

app.enableSandbox();

// Every web contents, present or future: no new windows, no navigation away, no webviews, no permissions.
app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
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
host = await createHost({
  dataDir: join(app.getPath('userData'), 'store'),
  serverUrl: process.env['LANTERN_SERVER_URL'] ?? 'http://127.0.0.1:4000',
  keyProvider: wrappedKeyFileProvider({ path: join(app.getPath('userData'), 'store', 'store.key.wrapped'), wrapper: safeStorageWrapper, createIfMissing: true }),
});
const services = host.services;

ipcMain.handle(IPC_TRPC_CHANNEL, async (event, op) => {
  if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) {
    return { ok: false, error: { message: 'Forbidden', code: -32003, data: { code: 'FORBIDDEN', httpStatus: 403, lanternCode: 'FORBIDDEN' } } };
  }
  return handleIpcTrpc(services, op);
});

const win = new BrowserWindow({ width: 1400, height: 900, show: false, title: 'Lantern', backgroundColor: '#f4f6f8', webPreferences: secureWebPreferences(join(import.meta.dirname, '..', 'preload', 'preload.cjs')) });
win.once('ready-to-show', () => win.show());
await win.loadFile(rendererIndex);

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  void host?.close();
  host = null;
});
