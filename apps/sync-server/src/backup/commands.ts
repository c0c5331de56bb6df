/**
 * `lantern-server backup --out FILE [--passphrase-file FILE]` and
 * `lantern-server restore --from FILE [--data-dir DIR] [--passphrase-file FILE]` (cli.ts), also
 * `pnpm --filter @lantern/sync-server backup|restore -- ...`. They read the server's environment
 * (env.ts: LANTERN_DATA_DIR, DATABASE_URL, LANTERN_TOKEN_SECRET, the checkpoint paths,
 * LANTERN_BACKUP_PASSPHRASE). Exit codes: 0 done; 2 bad command line or could not run; restore's
 * refusals: 3 corrupt archive, 4 newer schema, 5 target not empty, 6 passphrase missing or wrong.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { optionsFromEnv } from '../config.ts';
import { loadEnv, type Env } from '../env.ts';
import { createBackup } from './backup.ts';
import { RESTORE_EXIT, RestoreRefused, restoreBackup } from './restore.ts';
import { openSourceDb } from './source-db.ts';

async function passphrase(file: string | undefined, env: Env): Promise<string | null> {
  if (file !== undefined) return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  return env.LANTERN_BACKUP_PASSPHRASE ?? null;
}

export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, 'passphrase-file': { type: 'string' } }, strict: true });
  if (values.out === undefined) {
    console.error('usage: lantern-server backup --out FILE [--passphrase-file FILE]');
    return 2;
  }
  const env = loadEnv();
  const o = optionsFromEnv(env);
  const logger = pino({ level: 'warn' });
  const pass = await passphrase(values['passphrase-file'], env);
  const source = await openSourceDb({ dataDir: o.dataDir, databaseUrl: o.databaseUrl ?? null, logger });
  try {
    const r = await createBackup({ ownerUrl: source.ownerUrl, dataDir: o.dataDir, tokenSecret: o.tokenSecret ?? null, auditCheckpoints: o.auditCheckpoints ?? {}, out: values.out, passphrase: pass });
    const rows = r.manifest.database.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`backup written: ${r.file} (${r.bytes} bytes, sha256 ${r.sha256}; checksum in ${r.file}.sha256)`);
    console.log(`  schema ${r.manifest.schema.version}, ${r.manifest.database.tables.length} tables, ${rows} rows, ${r.manifest.database.auditEvents} audit events, ${r.manifest.files.length} files`);
    if (pass === null) console.error('WARNING: the archive is NOT encrypted and holds PHI and the server\'s secrets: it is 0600; keep it on encrypted storage, or set LANTERN_BACKUP_PASSPHRASE');
    return 0;
  } finally {
    await source.close();
  }
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, 'data-dir': { type: 'string' }, 'passphrase-file': { type: 'string' } }, strict: true });
  if (values.from === undefined) {
    console.error('usage: lantern-server restore --from FILE [--data-dir DIR] [--passphrase-file FILE]  (DATABASE_URL: an empty external database)');
    return 2;
  }
  const env = loadEnv();
  const o = optionsFromEnv(env);
  try {
    const r = await restoreBackup({
      from: values.from, dataDir: values['data-dir'] ?? o.dataDir, databaseUrl: o.databaseUrl ?? null, auditCheckpoints: o.auditCheckpoints ?? {},
      tokenSecret: o.tokenSecret ?? null, passphrase: await passphrase(values['passphrase-file'], env), logger: pino({ level: 'warn' }),
    });
    for (const w of r.warnings) console.error(`WARNING: ${w}`);
    console.log(`restored backup of ${r.manifest.createdAt} (server ${r.manifest.app.version}, schema ${r.manifest.schema.version}): ${r.rows} rows, ${r.manifest.database.auditEvents} audit events`);
    console.log(`  the change feed resumes at ${r.changeSeq}: workstations keep their queued writes and catch up; run 'lantern-server verify-audit' next`);
    return 0;
  } catch (e) {
    if (e instanceof RestoreRefused) {
      console.error(`restore refused: ${e.message}`);
      return RESTORE_EXIT[e.reason];
    }
    throw e;
  }
}
