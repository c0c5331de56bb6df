/**
 * Electron only: installs an update the host has already verified, on quit. electron-updater reads
 * the generic-provider feed the sync server serves (updates/feed-plugin.ts on the server:
 * <server>/updates/<channel>/<platform>/latest.yml, stagingPercentage honoured by its own
 * per-install id) and checks the file's SHA-512 itself; it downloads only once the host reports the
 * same version downloaded and verified against the organisation's release signature (host
 * updates/workstation-updates.ts), so nothing unsigned is ever installed. Electron cannot run on
 * the build machines: this file stays thin and typed, and the logic it relies on is tested in the host.
 */
import electronUpdater from 'electron-updater';
import type { UpdatePlatform } from '@lantern/core/workstation-version';
import type { UpdateStatus } from '../host/updates/update-status.ts';

export interface AutoUpdateOptions {
  serverUrl: string;
  platform: UpdatePlatform;
  /** The host's update status (updates.status over the worker). */
  status: () => Promise<UpdateStatus>;
  /** The bearer token the feed needs (an access token or the updates-only token), held by the host. */
  feedToken: () => Promise<string | null>;
  log: (msg: string) => void;
}

/** Call after the host reports `downloaded`: hands the verified version to electron-updater for install on quit. */
export async function installVerifiedUpdateOnQuit(o: AutoUpdateOptions): Promise<boolean> {
  const status = await o.status();
  if (status.update.state !== 'downloaded') return false;
  const token = await o.feedToken();
  if (token === null) return false;
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.setFeedURL({ provider: 'generic', url: `${o.serverUrl.replace(/\/+$/, '')}/updates/${status.channel}/${o.platform}` });
  autoUpdater.requestHeaders = { authorization: `Bearer ${token}` };
  const found = await autoUpdater.checkForUpdates();
  // Only the version the host verified: a feed that moved on meanwhile waits for the host's next check.
  if (found?.updateInfo.version !== status.update.version) {
    o.log(`updater: feed offers ${found?.updateInfo.version ?? 'nothing'}, host verified ${status.update.version}; not installing`);
    return false;
  }
  await autoUpdater.downloadUpdate();
  o.log(`updater: ${status.update.version} will be installed when the application quits`);
  return true;
}
