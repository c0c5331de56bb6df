/**
 * The hardening of the Electron window, as pure data and functions so it can be tested in Node
 * (Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security).
 */
import type { WebPreferences } from 'electron';

/** Context isolation, the sandbox and no Node in the renderer: the renderer gets only the preload bridge. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/**
 * The renderer is loaded from files inside the app (file://.../dist/renderer/index.html). It may
 * reload its own index page, never go anywhere else: a link or a script cannot take the window (and
 * the preload bridge with it) to another origin.
 */
export function isAllowedNavigation(target: string, rendererIndexUrl: string): boolean {
  let t: URL;
  let home: URL;
  try {
    t = new URL(target);
    home = new URL(rendererIndexUrl);
  } catch {
    return false;
  }
  return t.protocol === 'file:' && home.protocol === 'file:' && t.pathname === home.pathname;
}

/** IPC is answered only for frames showing the app itself. */
export function isTrustedSender(frameUrl: string | null | undefined, rendererIndexUrl: string): boolean {
  return typeof frameUrl === 'string' && isAllowedNavigation(frameUrl.split('#')[0] ?? '', rendererIndexUrl);
}

/**
 * A new window the renderer asks for (a SMART app launched from the chart) never opens inside the app,
 * where it could reach the preload bridge: http(s) URLs go to the system browser, anything else
 * (file:, javascript:, custom schemes) is dropped.
 */
export function isExternalWebUrl(target: string): boolean {
  try {
    const u = new URL(target);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
