/**
 * Update packages IT approved: rows in update_packages, files under <data dir>/updates/files/<id>.
 * A file is written to a temporary name while its SHA-512 is computed, checked against the
 * release key's signature, and only then renamed into place and recorded.
 */
import { createHash, randomUUID, verify, type KeyObject } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { LanternError } from '@lantern/core';
import { releaseSignedText, UPDATE_CHANNELS, UPDATE_PLATFORMS, type UpdateChannel, type UpdatePlatform } from '@lantern/core/workstation-version';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

export const PackageRow = z.object({
  id: z.string(), channel: z.enum(UPDATE_CHANNELS), platform: z.enum(UPDATE_PLATFORMS), version: z.string(), file_name: z.string(),
  size: z.coerce.number(), sha512: z.string(), signature: z.string(), release_date: z.date(), staging_percentage: z.number(), uploaded_by: z.string(),
});
export type PackageRow = z.infer<typeof PackageRow>;

/** Largest package accepted (installers are a few hundred MB). */
export const MAX_PACKAGE_BYTES = 2 * 1024 * 1024 * 1024;

export const packagesDir = (dataDir: string): string => join(dataDir, 'updates', 'files');
export const packagePath = (dataDir: string, id: string): string => join(packagesDir(dataDir), id);

export interface Upload {
  channel: UpdateChannel;
  platform: UpdatePlatform;
  version: string;
  fileName: string;
  signature: string;
  uploadedBy: string;
}

/** Streams the body to disk, verifies digest and signature, records the package. Refusals are typed and leave nothing behind. */
export async function storePackage(db: Queryable, dataDir: string, key: KeyObject, u: Upload, body: Readable, now: Date): Promise<PackageRow> {
  const id = randomUUID();
  await mkdir(packagesDir(dataDir), { recursive: true });
  const tmp = `${packagePath(dataDir, id)}.part`;
  const hash = createHash('sha512');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_PACKAGE_BYTES) { done(new LanternError('BAD_INPUT', 'Package too large')); return; }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, count, createWriteStream(tmp, { mode: 0o640 }));
    if (size === 0) throw new LanternError('BAD_INPUT', 'Empty package');
    const sha512 = hash.digest('base64');
    const signed = Buffer.from(releaseSignedText({ fileName: u.fileName, version: u.version, sha512 }), 'utf8');
    if (!verify(null, signed, key, Buffer.from(u.signature, 'base64'))) {
      throw new LanternError('FORBIDDEN', 'The package signature does not verify with the organisation release key: not accepted', { issues: [{ path: 'signature', message: 'invalid' }] });
    }
    const r = await db.query(
      `INSERT INTO update_packages (id, channel, platform, version, file_name, size, sha512, signature, release_date, staging_percentage, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10) ON CONFLICT DO NOTHING RETURNING *`,
      [id, u.channel, u.platform, u.version, u.fileName, size, sha512, u.signature, now, u.uploadedBy],
    );
    if (r.rows[0] === undefined) throw new LanternError('CONFLICT', `This channel already has version ${u.version} or a file named ${u.fileName}`);
    await rename(tmp, packagePath(dataDir, id));
    return PackageRow.parse(r.rows[0]);
  } finally {
    await rm(tmp, { force: true });
  }
}

export async function listPackages(db: Queryable, channel?: UpdateChannel): Promise<PackageRow[]> {
  const r = await db.query(
    `SELECT * FROM update_packages WHERE $1::text IS NULL OR channel = $1 ORDER BY channel, platform, release_date DESC`,
    [channel ?? null],
  );
  return r.rows.map((x) => PackageRow.parse(x));
}

export async function findPackageFile(db: Queryable, channel: UpdateChannel, platform: UpdatePlatform, fileName: string): Promise<PackageRow | null> {
  const r = await db.query('SELECT * FROM update_packages WHERE channel = $1 AND platform = $2 AND file_name = $3', [channel, platform, fileName]);
  return r.rows[0] === undefined ? null : PackageRow.parse(r.rows[0]);
}

export async function setStagingPercentage(db: Queryable, id: string, percentage: number): Promise<PackageRow | null> {
  const r = await db.query('UPDATE update_packages SET staging_percentage = $2 WHERE id = $1 RETURNING *', [id, percentage]);
  return r.rows[0] === undefined ? null : PackageRow.parse(r.rows[0]);
}
