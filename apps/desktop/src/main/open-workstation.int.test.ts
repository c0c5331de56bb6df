/**
 * Opening the Electron workstation with the real encrypted store and real worker threads (only
 * safeStorage is replaced, by a wrapper with the same contract): a wrong key, a missing key and a
 * damaged file each come back as a Result naming the screen to show, and the store file's bytes are
 * exactly what they were. Once someone signs in and the host is quiet, it loads the CDS engine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeWrappedKeyFile } from '../host/store/key/wrapped-key-file.ts';
import { CDS_WARM_LOG } from '../host/serve/cds-idle-warmup.ts';
import { randomKey } from '../host/store/key/key-provider.ts';
import { openWorkstation, storePaths } from './open-workstation.ts';
import type { KeychainStatus } from './store-open.ts';
import { provisionTestNurse, testKeychain } from './testing/test-keychain.ts';

const wrapper = testKeychain;

let dir: string;
const available: KeychainStatus = { kind: 'available' };
const open = (keychain: KeychainStatus = available, allowBasicText = false) =>
  openWorkstation({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', wrapper, keychain, allowBasicText });
const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-electron-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A first run: key made and wrapped, store created, host answering; then closed as on quit. */
async function firstRun(): Promise<void> {
  const host = await open();
  if (!host.ok) throw new Error(`first run failed: ${host.error.kind}`);
  const answer = await host.value.call({ type: 'query', path: 'session.current' });
  expect(answer).toMatchObject({ ok: true, data: { status: 'signed-out' } });
  // The updater's own request on the worker channel: no token while nobody is signed in.
  expect(await host.value.updateFeed(false)).toEqual({ ok: false, error: 'signed-out' });
  await host.value.close();
  expect(await host.value.updateFeed(false)).toEqual({ ok: false, error: 'unavailable' });
}

describe('opening the Electron workstation', () => {
  it('first run makes the wrapped key and the store; the next start opens them (off the main thread)', async () => {
    await firstRun();
    const { storePath, keyPath } = storePaths(dir);
    expect(existsSync(storePath) && existsSync(keyPath)).toBe(true);
    const again = await open();
    expect(again.ok).toBe(true);
    if (again.ok) await again.value.close();
  }, 60_000);

  it('a wrong key is "wrong-key", and the store file is byte for byte unchanged', async () => {
    await firstRun();
    const { storePath, keyPath } = storePaths(dir);
    const before = digest(storePath);
    const files = readdirSync(dir).sort();
    unlinkSync(keyPath);
    await writeWrappedKeyFile(keyPath, randomKey(), wrapper, true);
    const r = await open();
    expect(r.ok ? 'opened' : r.error).toEqual({ kind: 'wrong-key' });
    expect(digest(storePath)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(files);
  }, 60_000);

  it('a missing key file is "missing-key": no new key is made over the existing store, which stays unchanged', async () => {
    await firstRun();
    const { storePath, keyPath } = storePaths(dir);
    const before = digest(storePath);
    unlinkSync(keyPath);
    const r = await open();
    expect(r.ok ? 'opened' : r.error).toEqual({ kind: 'missing-key' });
    expect(existsSync(keyPath)).toBe(false);
    expect(digest(storePath)).toBe(before);
  }, 60_000);

  it('a damaged (truncated) store file is "corrupt", and is left as it was for support', async () => {
    await firstRun();
    const { storePath } = storePaths(dir);
    // A disk error cut the file mid-page. (Whole pages of noise cannot be told from a wrong key: SQLCipher sees neither.)
    writeFileSync(storePath, Buffer.concat([readFileSync(storePath).subarray(0, 4096), randomBytes(1000)]));
    const before = digest(storePath);
    const r = await open();
    expect(r.ok ? 'opened' : r.error).toEqual({ kind: 'corrupt' });
    expect(digest(storePath)).toBe(before);
  }, 60_000);

  it('loads the CDS engine in the background once someone is signed in and the host is quiet, as browser mode does', async () => {
    await firstRun();
    const nurse = await provisionTestNurse(dir);
    const log: string[] = [];
    // No machine policy: this machine's /etc/lantern must not decide the test.
    const host = await openWorkstation({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', wrapper, keychain: available, allowBasicText: false,
      machinePolicyFile: join(dir, 'no-policy.json'), log: (m) => log.push(m) });
    if (!host.ok) throw new Error(`open failed: ${host.error.kind}`);
    try {
      // Signed out and quiet for longer than the idle spell: nothing is loaded for no one.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(log.filter((m) => m.startsWith(CDS_WARM_LOG))).toEqual([]);
      const signedIn = await host.value.call({ type: 'mutation', path: 'session.signIn', input: nurse });
      expect(signedIn).toMatchObject({ ok: true, data: { status: 'active' } });
      await expect.poll(() => log.filter((m) => m.startsWith(CDS_WARM_LOG)).length, { timeout: 20_000, interval: 200 }).toBe(1);
    } finally {
      await host.value.close();
    }
  }, 90_000);

  it('no keychain, or the Linux basic_text fallback, is refused before a key is made', async () => {
    expect(await open({ kind: 'unavailable' })).toEqual({ ok: false, error: { kind: 'keychain-unavailable' } });
    expect(await open({ kind: 'basic-text' })).toEqual({ ok: false, error: { kind: 'keychain-insecure' } });
    expect(readdirSync(dir)).toEqual([]);
  }, 30_000);
});
