/**
 * Electron main's updater in plain Node: only electron-updater is replaced (Electron cannot run on
 * the build machines). The host's answers are the shapes HostWorker.updateFeed returns.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateFeed, UpdateFeedAnswer } from '../host/updates/update-feed.ts';
import { makeTestCertificates } from './testing/test-certificates.ts';

const fake = vi.hoisted(() => ({
  autoUpdater: {
    autoDownload: true, autoInstallOnAppQuit: false, allowDowngrade: true, allowPrerelease: true,
    logger: null as { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void } | null,
    requestHeaders: null as Record<string, string> | null,
    /** electron-updater's own session: what it is told is recorded in order with the feed calls. */
    netSession: { setProxy: vi.fn(), setCertificateVerifyProc: vi.fn() },
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(),
    downloadUpdate: vi.fn(),
    quitAndInstall: vi.fn(),
  },
}));
vi.mock('electron-updater', () => ({ default: { autoUpdater: fake.autoUpdater } }));

const { AutoUpdates, CHECK_EVERY_MS } = await import('./updater.ts');

const SHA = `${'A'.repeat(86)}==`;
/** The verifier's own behaviour is tested in updater-network.test.ts; here only that it is installed. */
const CA_PEM = makeTestCertificates().rootCa;
const FEED: UpdateFeed = { url: 'https://sync.hospital.example/updates/pilot/win', token: 'token-one', channel: 'pilot', version: '1.5.0', sha512: SHA, network: { proxy: null, trustedCaPem: null } };
const offer = (version: string, sha512 = SHA) => ({ updateInfo: { version, files: [{ url: `Lantern-Setup-${version}.exe`, sha512, size: 10 }], path: '', sha512, releaseDate: '' } });
const httpError = (statusCode: number) => Object.assign(new Error(`HttpError: ${statusCode} Unauthorized "method: GET url: ${FEED.url}/latest.yml" Headers: authorization: Bearer token-one`), { statusCode });

let lines: string[];
const log = (m: string) => lines.push(m);

beforeEach(() => {
  lines = [];
  const u = fake.autoUpdater;
  u.requestHeaders = null;
  for (const f of [u.setFeedURL, u.checkForUpdates, u.downloadUpdate, u.quitAndInstall, u.netSession.setProxy, u.netSession.setCertificateVerifyProc]) f.mockReset();
  u.netSession.setProxy.mockResolvedValue(undefined);
  u.checkForUpdates.mockResolvedValue(offer('1.5.0'));
  u.downloadUpdate.mockResolvedValue([]);
});
afterEach(() => vi.useRealTimers());

describe("Electron main's updater", () => {
  it("points electron-updater's generic provider at the host's feed with its token, and installs on quit, never restarting", async () => {
    const feed = vi.fn((_refresh: boolean): Promise<UpdateFeedAnswer> => Promise.resolve({ ok: true, value: FEED }));
    const updates = new AutoUpdates({ feed, log });
    expect(await updates.check()).toEqual({ kind: 'install-on-quit', version: '1.5.0' });
    const u = fake.autoUpdater;
    expect(u.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://sync.hospital.example/updates/pilot/win' });
    expect(u.requestHeaders).toEqual({ authorization: 'Bearer token-one' });
    expect(u).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true, allowDowngrade: false, allowPrerelease: false });
    expect(u.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(u.quitAndInstall).not.toHaveBeenCalled();
    // Already handed over: a later check does not download again.
    expect(await updates.check()).toEqual({ kind: 'install-on-quit', version: '1.5.0' });
    expect(u.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(lines).toContain('updater: 1.5.0 (pilot) will be installed when the application quits');
  });

  it("sends electron-updater's session through the machine policy's proxy and trusts its CA before the feed is read", async () => {
    const u = fake.autoUpdater;
    const order: string[] = [];
    u.netSession.setProxy.mockImplementation(() => (order.push('proxy'), Promise.resolve()));
    u.setFeedURL.mockImplementation(() => order.push('feed'));
    const network = { proxy: 'http://proxy.hospital.example:3128', trustedCaPem: CA_PEM };
    const updates = new AutoUpdates({ feed: () => Promise.resolve({ ok: true, value: { ...FEED, network } }), log });
    expect(await updates.check()).toEqual({ kind: 'install-on-quit', version: '1.5.0' });
    expect(u.netSession.setProxy).toHaveBeenCalledWith({ mode: 'fixed_servers', proxyRules: 'http://proxy.hospital.example:3128' });
    expect(order).toEqual(['proxy', 'feed']);
    const proc = u.netSession.setCertificateVerifyProc.mock.calls[0]?.[0] as (r: unknown, cb: (n: number) => void) => void;
    // A certificate Chromium already trusts, or one that does not parse, keeps Chromium's verdict.
    const verdicts: number[] = [];
    proc({ hostname: 'sync.hospital.example', certificate: { data: CA_PEM }, errorCode: 0 }, (n) => verdicts.push(n));
    proc({ hostname: 'sync.hospital.example', certificate: { data: 'not a certificate' }, errorCode: -202 }, (n) => verdicts.push(n));
    expect(verdicts).toEqual([-3, -3]);

    // Without a policy: the system's proxy and certificate store.
    const plain = new AutoUpdates({ feed: () => Promise.resolve({ ok: true, value: FEED }), log });
    await plain.check();
    expect(u.netSession.setProxy).toHaveBeenLastCalledWith({ mode: 'system' });
    expect(u.netSession.setCertificateVerifyProc).toHaveBeenLastCalledWith(null);
  });

  it('asks nothing of the feed when the host refuses (signed out, nothing verified)', async () => {
    for (const reason of ['signed-out', 'nothing-verified', 'no-token', 'unavailable'] as const) {
      const updates = new AutoUpdates({ feed: () => Promise.resolve({ ok: false, error: reason }), log });
      expect(await updates.check()).toEqual({ kind: 'refused', reason });
    }
    expect(fake.autoUpdater.setFeedURL).not.toHaveBeenCalled();
    expect(fake.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(fake.autoUpdater.requestHeaders).toBeNull();
  });

  it('on a 401 gets a fresh token from the host and retries once', async () => {
    const u = fake.autoUpdater;
    u.checkForUpdates.mockRejectedValueOnce(httpError(401));
    const feed = vi.fn((refresh: boolean): Promise<UpdateFeedAnswer> => Promise.resolve({ ok: true, value: { ...FEED, token: refresh ? 'token-two' : 'token-one' } }));
    const updates = new AutoUpdates({ feed, log });
    expect(await updates.check()).toEqual({ kind: 'install-on-quit', version: '1.5.0' });
    expect(feed.mock.calls).toEqual([[false], [true]]);
    expect(u.requestHeaders).toEqual({ authorization: 'Bearer token-two' });

    // A second 401 is a failure, not a loop.
    u.checkForUpdates.mockReset();
    u.checkForUpdates.mockRejectedValue(httpError(401));
    const again = new AutoUpdates({ feed, log });
    expect(await again.check()).toEqual({ kind: 'failed', message: 'the update feed answered HTTP 401' });
    expect(u.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('installs only the version and SHA-512 the host verified', async () => {
    const u = fake.autoUpdater;
    const feed = () => Promise.resolve<UpdateFeedAnswer>({ ok: true, value: FEED });
    u.checkForUpdates.mockResolvedValueOnce(offer('1.6.0'));
    expect(await new AutoUpdates({ feed, log }).check()).toEqual({ kind: 'mismatch', offered: '1.6.0', verified: '1.5.0' });
    u.checkForUpdates.mockResolvedValueOnce(offer('1.5.0', `${'B'.repeat(86)}==`));
    expect(await new AutoUpdates({ feed, log }).check()).toEqual({ kind: 'mismatch', offered: '1.5.0', verified: '1.5.0' });
    u.checkForUpdates.mockResolvedValueOnce(null);
    expect(await new AutoUpdates({ feed, log }).check()).toEqual({ kind: 'mismatch', offered: null, verified: '1.5.0' });
    expect(u.downloadUpdate).not.toHaveBeenCalled();
  });

  it('checks at start and every four hours, and stops', async () => {
    vi.useFakeTimers();
    const feed = vi.fn(() => Promise.resolve<UpdateFeedAnswer>({ ok: false, error: 'nothing-verified' }));
    const updates = new AutoUpdates({ feed, log });
    updates.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(feed).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS);
    expect(feed).toHaveBeenCalledTimes(2);
    expect(CHECK_EVERY_MS).toBe(4 * 3600_000);
    updates.stop();
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS * 2);
    expect(feed).toHaveBeenCalledTimes(2);
  });

  it("never logs the token, its own or in electron-updater's messages", async () => {
    const u = fake.autoUpdater;
    u.checkForUpdates.mockImplementationOnce(() => {
      u.logger?.info(`Checking for update with ${JSON.stringify(u.requestHeaders)}`);
      u.logger?.error(httpError(500));
      return Promise.reject(httpError(500));
    });
    const updates = new AutoUpdates({ feed: () => Promise.resolve({ ok: true, value: FEED }), log });
    expect(await updates.check()).toEqual({ kind: 'failed', message: 'the update feed answered HTTP 500' });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join('\n')).not.toContain('token-one');
  });
});
