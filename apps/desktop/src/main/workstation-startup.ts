/**
 * Electron's start-up, as browser mode's (host/serve/start-workstation-worker.ts): the window loads the
 * screens at once while the host worker unwraps the key and opens the store beside it. Until the host
 * is ready, index.html carries HOST_STARTING_META (host/serve/host-starting-page.ts), so the renderer
 * shows the sign-in form without waiting for `session.current`, and renderer IPC calls wait for the
 * host. A store that does not open replaces the screens with error-screen.ts; one refused from the
 * keychain and the files alone (store-open.ts) shows it without the screens first.
 * No electron import: main.ts gives it the window and routes file: requests through `page`.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { err, type Result } from '@lantern/core';
import { RENDERER_CSP } from '../host/serve/csp.ts';
import { withHostStartingMeta } from '../host/serve/host-starting-page.ts';
import { HOST_UNAVAILABLE, type HostWorker } from '../host/serve/host-worker-client.ts';
import type { IpcTrpcResponse } from '../host/serve/ipc-trpc.ts';
import { openWorkstation, planWorkstationOpen, type OpenWorkstationOptions } from './open-workstation.ts';
import type { StoreOpenFailure } from './store-open.ts';
import { isAllowedNavigation } from './window-security.ts';

/** What the start-up does with the window (BrowserWindow in main.ts). */
export interface StartupWindow {
  /** Loads the renderer's index.html; its file: requests reach `page` meanwhile. */
  showScreens(): Promise<void>;
  showFailure(failure: StoreOpenFailure): Promise<void>;
}

export interface WorkstationStartup {
  /** The running host, or why there is none (the window shows it by the time this resolves). */
  readonly opened: Promise<Result<HostWorker, StoreOpenFailure>>;
  starting(): boolean;
  /** A renderer IPC call, answered once the host is ready (UNAVAILABLE if it never is). */
  call(op: unknown): Promise<IpcTrpcResponse>;
  /** A file: request while the host starts: index.html with the starting meta. Null: serve the file as it is. */
  page(url: string): Promise<Response | null>;
}

export function startElectronWorkstation(o: OpenWorkstationOptions & { rendererIndex: string }, window: StartupWindow): WorkstationStartup {
  const rendererUrl = pathToFileURL(o.rendererIndex).href;
  const plan = planWorkstationOpen(o);
  let starting = plan.kind !== 'refuse';
  const opened = (async (): Promise<Result<HostWorker, StoreOpenFailure>> => {
    if (plan.kind === 'refuse') {
      await window.showFailure(plan.failure);
      return err(plan.failure);
    }
    // A load that fails (a missing build) must not hide the store's own outcome; it is logged by kind only.
    const shown = window.showScreens().catch((e: unknown) => o.log?.(`the screens did not load: ${e instanceof Error ? e.name : 'error'}`));
    const host = await openWorkstation(o, plan);
    starting = false;
    if (!host.ok) {
      // Shown after the screens' own load settles, so it is the last thing the window loads.
      await shown;
      await window.showFailure(host.error);
    }
    return host;
  })();
  return {
    opened,
    starting: () => starting,
    call: async (op) => {
      const host = await opened;
      return host.ok ? host.value.call(op) : HOST_UNAVAILABLE;
    },
    page: async (url) => {
      if (!starting || !isAllowedNavigation(url, rendererUrl)) return null;
      const html = withHostStartingMeta(await readFile(o.rendererIndex, 'utf8'));
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': RENDERER_CSP } });
    },
  };
}
