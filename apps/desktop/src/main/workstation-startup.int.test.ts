/**
 * Electron's start-up with the real encrypted store and worker threads (the window is the one stand-in:
 * it records what it was told to show, and loads index.html through `page` as the file: handler would).
 * The screens come first, with the page told that the host is starting, and a call made meanwhile is
 * answered once the host is up; a store that does not open ends on its error screen.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_STARTING_META } from '../host/serve/host-starting-page.ts';
import { randomKey } from '../host/store/key/key-provider.ts';
import { writeWrappedKeyFile } from '../host/store/key/wrapped-key-file.ts';
import { storePaths } from './open-workstation.ts';
import type { KeychainStatus } from './store-open.ts';
import { testKeychain } from './testing/test-keychain.ts';
import { startElectronWorkstation, type WorkstationStartup } from './workstation-startup.ts';

let dir: string;
let rendererIndex: string;
const INDEX = '<!doctype html><html><head><title>Lantern</title></head><body><div id="root"></div></body></html>';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-electron-start-'));
  mkdirSync(join(dir, 'renderer'));
  rendererIndex = join(dir, 'renderer', 'index.html');
  writeFileSync(rendererIndex, INDEX);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Shown { events: string[]; firstPage: Promise<string | null> }

/** Starts as main.ts does; the window loads index.html (through `page`) when told to show the screens. */
function start(keychain: KeychainStatus = { kind: 'available' }): { startup: WorkstationStartup; shown: Shown } {
  const events: string[] = [];
  let loaded!: (html: string | null) => void;
  const firstPage = new Promise<string | null>((resolve) => (loaded = resolve));
  const startup: WorkstationStartup = startElectronWorkstation({
    dataDir: join(dir, 'store'), serverUrl: 'http://127.0.0.1:9', wrapper: testKeychain, keychain, allowBasicText: false,
    rendererIndex, machinePolicyFile: join(dir, 'no-policy.json'),
  }, {
    showScreens: async () => {
      // A window's load begins on a later turn, as BrowserWindow.loadFile's does.
      await Promise.resolve();
      events.push(`screens (host ${startup.starting() ? 'starting' : 'ready'})`);
      const res = await startup.page(pathToFileURL(rendererIndex).href);
      loaded(res === null ? null : await res.text());
    },
    showFailure: (f) => {
      events.push(`failure: ${f.kind}`);
      return Promise.resolve();
    },
  });
  return { startup, shown: { events, firstPage } };
}

describe('starting the Electron workstation', () => {
  it('shows the screens while the host starts, telling the page so; a call made meanwhile is answered once the host is up', async () => {
    const { startup, shown } = start();
    // The renderer asks at once, before the host can answer.
    const early = startup.call({ type: 'query', path: 'session.current' });
    expect(startup.starting()).toBe(true);
    const page = await shown.firstPage;
    expect(page).toContain(HOST_STARTING_META);
    expect(page?.replace(HOST_STARTING_META, '')).toBe(INDEX);
    // Only the app's own index page is rewritten; its scripts and anything else are served as they are.
    expect(await startup.page(pathToFileURL(join(dir, 'renderer', 'assets', 'index.js')).href)).toBeNull();

    const opened = await startup.opened;
    if (!opened.ok) throw new Error(`start failed: ${opened.error.kind}`);
    try {
      expect(await early).toMatchObject({ ok: true, data: { status: 'signed-out' } });
      expect(shown.events).toEqual(['screens (host starting)']);
      expect(startup.starting()).toBe(false);
      // A reload now asks the host who is signed in: the page is served as it is.
      expect(await startup.page(pathToFileURL(rendererIndex).href)).toBeNull();
    } finally {
      await opened.value.close();
    }
  }, 60_000);

  it('a store the key does not open ends on its error screen, and calls are refused', async () => {
    const first = start();
    const opened = await first.startup.opened;
    if (opened.ok) await opened.value.close();
    const { keyPath } = storePaths(join(dir, 'store'));
    unlinkSync(keyPath);
    await writeWrappedKeyFile(keyPath, randomKey(), testKeychain, true);

    const { startup, shown } = start();
    expect((await startup.opened).ok).toBe(false);
    expect(shown.events).toEqual(['screens (host starting)', 'failure: wrong-key']);
    expect(await startup.call({ type: 'query', path: 'session.current' })).toMatchObject({ ok: false, error: { data: { lanternCode: 'UNAVAILABLE' } } });
  }, 60_000);

  it('a refusal the keychain alone decides shows the error screen without the screens first', async () => {
    const { startup, shown } = start({ kind: 'unavailable' });
    expect(await startup.opened).toEqual({ ok: false, error: { kind: 'keychain-unavailable' } });
    expect(shown.events).toEqual(['failure: keychain-unavailable']);
    expect(startup.starting()).toBe(false);
  });
});
