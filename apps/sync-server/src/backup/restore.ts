/**
 * `restoreBackup`: an archive (backup.ts) into an EMPTY data dir and database. Refuses, each with
 * its own message and exit code (RESTORE_EXIT), before writing anything:
 * - a target that is not empty (data dir, checkpoint file/key, write-once dir, database);
 * - a corrupt archive (checksum file, tar/gzip, manifest, any file's SHA-256, the content digest);
 * - an archive from a newer schema than this build knows (restore with that server version);
 * - an encrypted archive without, or with the wrong, passphrase.
 * The restored change feed starts past any cursor issued after the backup (db-load.ts RESUME_GAP),
 * so workstations that synced later keep pulling and pushing with no full resync.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { checkpointSettings, type AuditCheckpointOptions } from '../audit-checkpoints/settings.ts';
import { ensureDatabase, withClient } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { listMigrations } from '../db/migrate.ts';
import { schemaNumber } from '../ops/version-info.ts';
import { ArchiveError, unpackArchive } from './archive.ts';
import { databaseIsEmpty, loadDatabase } from './db-load.ts';
import { EXPORT_DIRS } from './backup.ts';
import { copyPrivate, copyTreePrivate, isAbsentOrEmptyDir, sha256File } from './files.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, contentDigest, ManifestSchema, type Manifest } from './manifest.ts';

export type RestoreRefusal = 'not-empty' | 'corrupt' | 'newer-schema' | 'passphrase-needed' | 'wrong-passphrase';

/** Exit codes of `lantern-server restore` (1: any other failure, 2: bad command line). */
export const RESTORE_EXIT: Record<RestoreRefusal, number> = { corrupt: 3, 'newer-schema': 4, 'not-empty': 5, 'passphrase-needed': 6, 'wrong-passphrase': 6 };

export class RestoreRefused extends Error {
  constructor(readonly reason: RestoreRefusal, message: string) {
    super(message);
  }
}

export interface RestoreOptions {
  from: string;
  dataDir: string;
  /** Owner credentials of an existing, empty database; null: a new embedded cluster under dataDir. */
  databaseUrl: string | null;
  auditCheckpoints: AuditCheckpointOptions;
  /** LANTERN_TOKEN_SECRET when configured (then the archived one is not written to disk). */
  tokenSecret: string | null;
  passphrase: string | null;
  /** Embedded Postgres start-up messages (default: warnings dropped, errors still thrown). */
  logger?: Logger;
}

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
  /** Where the change feed resumes. */
  changeSeq: string;
  warnings: string[];
}

async function checkTargetEmpty(o: RestoreOptions): Promise<void> {
  const s = checkpointSettings(o.dataDir, o.auditCheckpoints);
  if (!(await isAbsentOrEmptyDir(o.dataDir))) throw new RestoreRefused('not-empty', `The data dir ${o.dataDir} is not empty: restore only into a new or empty directory`);
  for (const f of [s.file, s.keyFile]) if (existsSync(f)) throw new RestoreRefused('not-empty', `${f} already exists: restore only where no checkpoint file or key is in place`);
  if (s.wormDir !== null && !(await isAbsentOrEmptyDir(s.wormDir))) {
    throw new RestoreRefused('not-empty', `The write-once checkpoint dir ${s.wormDir} is not empty: point LANTERN_AUDIT_CHECKPOINT_WORM_DIR at a new location (keep the old one as evidence)`);
  }
}

/** Reads and checks the manifest and every file it lists. */
async function verifiedManifest(dir: string): Promise<Manifest> {
  const text = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null) throw new RestoreRefused('corrupt', 'The archive has no manifest.json: it is not a Lantern server backup');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RestoreRefused('corrupt', 'The archive manifest is not valid JSON');
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) throw new RestoreRefused('corrupt', `The archive manifest is not a ${BACKUP_FORMAT} manifest (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
  const m = parsed.data;
  if (m.formatVersion > BACKUP_FORMAT_VERSION) throw new RestoreRefused('newer-schema', `The archive is backup format ${m.formatVersion}; this server reads up to ${BACKUP_FORMAT_VERSION}: restore with the server version that wrote it (${m.app.version})`);
  if (contentDigest(m.files) !== m.contentDigest) throw new RestoreRefused('corrupt', 'The archive checksum does not match its file list: the manifest was altered');
  for (const f of m.files) {
    const full = join(dir, f.path);
    if (!existsSync(full) || (await sha256File(full)) !== f.sha256) throw new RestoreRefused('corrupt', `The archive is corrupt: ${f.path} is missing or does not match its SHA-256`);
  }
  return m;
}

async function checkSchema(m: Manifest): Promise<void> {
  const known = await listMigrations();
  const unknown = m.schema.migrations.filter((x) => !known.includes(x));
  // Every migration the archive's database had must be one this build ships; any it lacks are applied
  // by the server's own migration run at its next start (an upgrade during the restore).
  if (unknown.length > 0) {
    const ours = known[known.length - 1];
    throw new RestoreRefused('newer-schema', `The archive holds schema ${m.schema.version} (${m.schema.migrations[m.schema.migrations.length - 1] ?? ''}), written by server ${m.app.version}; this server knows up to schema ${ours === undefined ? 0 : schemaNumber(ours)}: restore with that version or newer`);
  }
}

async function restoreFiles(dir: string, m: Manifest, o: RestoreOptions, warnings: string[]): Promise<void> {
  const s = checkpointSettings(o.dataDir, o.auditCheckpoints);
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(join(dir, 'audit', 'checkpoints.jsonl'))) await copyPrivate(join(dir, 'audit', 'checkpoints.jsonl'), s.file);
  if (existsSync(join(dir, 'audit', 'worm'))) {
    if (s.wormDir === null) warnings.push('The archive holds write-once checkpoint copies but LANTERN_AUDIT_CHECKPOINT_WORM_DIR is not set: they were not restored');
    else {
      await copyTreePrivate(join(dir, 'audit', 'worm'), s.wormDir);
    }
  }
  if (m.secrets.includes('audit-checkpoint-key.pem')) await copyPrivate(join(dir, 'secrets', 'audit-checkpoint-key.pem'), s.keyFile);
  if (m.secrets.includes('token-secret')) {
    const archived = (await readFile(join(dir, 'secrets', 'token-secret'), 'utf8')).trim();
    if (o.tokenSecret === null) {
      const file = join(o.dataDir, 'secrets', 'token-secret');
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, `${archived}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(file, 0o600);
    } else if (o.tokenSecret !== archived) {
      warnings.push('LANTERN_TOKEN_SECRET differs from the secret in the backup: workstations will refuse this server\'s offline grants until they sign in again; set it to the backed-up value to avoid that');
    }
  }
  for (const d of EXPORT_DIRS) await copyTreePrivate(join(dir, 'files', d), join(o.dataDir, d));
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const from = resolve(o.from);
  if (!existsSync(from)) throw new RestoreRefused('corrupt', `${from} does not exist`);
  await checkTargetEmpty(o);
  const sidecar = `${from}.sha256`;
  if (existsSync(sidecar)) {
    const expected = (await readFile(sidecar, 'utf8')).trim().split(/\s+/)[0] ?? '';
    if ((await sha256File(from)) !== expected) throw new RestoreRefused('corrupt', `The archive does not match its checksum file ${basename(sidecar)}: it was damaged or altered after the backup`);
  }
  const target = resolve(o.dataDir);
  const createdTarget = !existsSync(target);
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const work = await mkdtemp(join(dirname(target), `.${basename(target)}.restore-`));
  const warnings: string[] = [];
  let done = false;
  try {
    try {
      await unpackArchive(from, work, o.passphrase);
    } catch (e) {
      if (e instanceof ArchiveError) throw new RestoreRefused(e.kind, e.message);
      throw e;
    }
    const manifest = await verifiedManifest(work);
    await checkSchema(manifest);
    let loaded: { rows: number; changeSeq: string };
    if (o.databaseUrl !== null) {
      const url = o.databaseUrl;
      loaded = await withClient(url, async (c) => {
        if (!(await databaseIsEmpty(c))) throw new RestoreRefused('not-empty', 'The database at DATABASE_URL is not empty: restore only into a new, empty database');
        return loadDatabase(c, work, manifest);
      });
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: o.dataDir, logger: o.logger ?? pino({ level: 'silent' }) });
      try {
        const url = await ensureDatabase(pg.superuserUrl, 'lantern');
        loaded = await withClient(url, (c) => loadDatabase(c, work, manifest));
      } finally {
        await pg.stop();
      }
    }
    await restoreFiles(work, manifest, o, warnings);
    done = true;
    return { manifest, rows: loaded.rows, changeSeq: loaded.changeSeq, warnings };
  } finally {
    await rm(work, { recursive: true, force: true });
    // A failed restore leaves the target as it found it (absent or empty), so it can be retried.
    if (!done && existsSync(target)) {
      if (createdTarget) await rm(target, { recursive: true, force: true });
      else for (const e of await readdir(target)) await rm(join(target, e), { recursive: true, force: true });
    }
  }
}
