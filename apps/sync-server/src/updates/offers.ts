/** Which package a device is offered, and electron-updater's latest.yml for a channel and platform. */
import { compareVersions, type UpdateOffer } from '@lantern/core/workstation-version';
import type { PackageRow } from './package-store.ts';
import { deviceInRollout } from './rollout.ts';

const newestFirst = (rows: PackageRow[]): PackageRow[] => [...rows].sort((a, b) => compareVersions(b.version, a.version));

export function offerOf(p: PackageRow): UpdateOffer {
  return { version: p.version, fileName: p.file_name, size: p.size, sha512: p.sha512, signature: p.signature, releaseDate: p.release_date.toISOString(), stagingPercentage: p.staging_percentage };
}

/** The newest package newer than `current` whose rollout includes this device, or null. */
export function offerFor(rows: PackageRow[], deviceId: string, current: string): PackageRow | null {
  return newestFirst(rows).find((p) => compareVersions(p.version, current) > 0 && deviceInRollout(deviceId, p.staging_percentage)) ?? null;
}

/** The newest package with any rollout at all: what latest.yml announces. */
export const feedPackage = (rows: PackageRow[]): PackageRow | null => newestFirst(rows).find((p) => p.staging_percentage > 0) ?? null;

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * electron-updater's generic-provider feed (electron-builder's UpdateInfo: version, files[url,
 * sha512, size], path, sha512, releaseDate, stagingPercentage). The file url is relative to the
 * feed, so the same feed works behind any host name.
 */
export function latestYml(p: PackageRow): string {
  const lines = [
    `version: ${p.version}`,
    'files:',
    `  - url: ${quote(p.file_name)}`,
    `    sha512: ${quote(p.sha512)}`,
    `    size: ${p.size}`,
    `path: ${quote(p.file_name)}`,
    `sha512: ${quote(p.sha512)}`,
    `releaseDate: ${quote(p.release_date.toISOString())}`,
  ];
  // electron-updater decides by its own per-install id; at 100 % the field is left out (everyone).
  if (p.staging_percentage < 100) lines.push(`stagingPercentage: ${p.staging_percentage}`);
  return `${lines.join('\n')}\n`;
}
