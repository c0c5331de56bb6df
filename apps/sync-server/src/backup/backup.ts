/**
 * `createBackup`: one consistent archive of a Lantern server (README, IT deployment > Backup):
 * - `audit/`: the signed checkpoint file and write-once copies, copied BEFORE the database snapshot,
 *   so every checkpoint in the archive attests only events the dump holds (verify-audit passes on
 *   the restored data);
 * - `secrets/`: the root token secret (every server key derives from it: workstations pinned the
 *   offline-grant key made from it) and the audit checkpoint key. Not the embedded Postgres
 *   superuser password: a restore makes a new cluster with a new one;
 * - `files/`: bulk-export and de-identified export files;
 * - `db/`: the database in one snapshot (db-dump.ts);
 * - `manifest.json`: versions, schema, per-file SHA-256 and the content digest (manifest.ts).
 * The archive is 0600; with a passphrase it is encrypted as a whole (archive.ts). A `<file>.sha256`
 * beside it (sha256sum format) lets IT check a copy after transfer; restore checks it too.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkpointSettings, type AuditCheckpointOptions } from '../audit-checkpoints/settings.ts';
import { withClient } from '../db/database.ts';
import { schemaNumber, versionInfo } from '../ops/version-info.ts';
import { packArchive } from './archive.ts';
import { dumpDatabase } from './db-dump.ts';
import { copyPrivate, copyTreePrivate, listFiles, sha256File } from './files.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, contentDigest, type Manifest } from './manifest.ts';

export interface BackupOptions {
  /** Owner (or superuser) credentials of the server's database. */
  ownerUrl: string;
  dataDir: string;
  /** LANTERN_TOKEN_SECRET when configured; otherwise the one stored under the data dir is archived. */
  tokenSecret: string | null;
  auditCheckpoints: AuditCheckpointOptions;
  out: string;
  passphrase: string | null;
}

export interface BackupResult {
  file: string;
  sha256: string;
  bytes: number;
  manifest: Manifest;
}

/** Data-dir folders of export files (fhir/export/runner.ts, deid/deid-export.ts). */
export const EXPORT_DIRS = ['exports', 'deid-exports'];

export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const out = resolve(o.out);
  if (existsSync(out)) throw new Error(`${out} already exists: choose a new file name (a backup never overwrites one)`);
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.staging-`));
  try {
    // 1. Checkpoints first (see above), then secrets and export files.
    const s = checkpointSettings(o.dataDir, o.auditCheckpoints);
    if (existsSync(s.file)) await copyPrivate(s.file, join(staging, 'audit', 'checkpoints.jsonl'));
    if (s.wormDir !== null) await copyTreePrivate(s.wormDir, join(staging, 'audit', 'worm'));
    const secrets: string[] = [];
    const secretFile = join(o.dataDir, 'secrets', 'token-secret');
    const tokenSecret = o.tokenSecret ?? (existsSync(secretFile) ? (await readFile(secretFile, 'utf8')).trim() : null);
    if (tokenSecret !== null) {
      await mkdir(join(staging, 'secrets'), { recursive: true, mode: 0o700 });
      await writeFile(join(staging, 'secrets', 'token-secret'), `${tokenSecret}\n`, { mode: 0o600 });
      secrets.push('token-secret');
    }
    if (existsSync(s.keyFile)) {
      await copyPrivate(s.keyFile, join(staging, 'secrets', 'audit-checkpoint-key.pem'));
      secrets.push('audit-checkpoint-key.pem');
    }
    for (const d of EXPORT_DIRS) await copyTreePrivate(join(o.dataDir, d), join(staging, 'files', d));

    // 2. The database, in one snapshot.
    await mkdir(join(staging, 'db'), { recursive: true, mode: 0o700 });
    const dumped = await withClient(o.ownerUrl, (c) => dumpDatabase(c, staging));
    const last = dumped.migrations[dumped.migrations.length - 1];

    // 3. The manifest over every file.
    const files: Manifest['files'] = [];
    for (const path of await listFiles(staging)) {
      const full = join(staging, path);
      files.push({ path, sha256: await sha256File(full), bytes: (await stat(full)).size });
    }
    const app = await versionInfo(null, null);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      app: { name: app.name, version: app.version, commit: app.commit, node: app.node },
      postgres: dumped.postgres,
      schema: { version: last === undefined ? 0 : schemaNumber(last), migrations: dumped.migrations },
      database: dumped.database,
      secrets,
      files,
      contentDigest: contentDigest(files),
    };
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });

    // 4. The archive and its checksum file.
    await packArchive(staging, out, o.passphrase);
    const sha256 = await sha256File(out);
    await writeFile(`${out}.sha256`, `${sha256}  ${basename(out)}\n`, { mode: 0o644 });
    return { file: out, sha256, bytes: (await stat(out)).size, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
