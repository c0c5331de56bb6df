/**
 * Refusals decided from the archive alone, before any database is touched: an archive from a newer
 * schema, a manifest whose file list was edited, a file changed after the manifest was written,
 * and something that is not a backup at all. Each names its reason (and so its exit code).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations } from '../db/migrate.ts';
import { packArchive } from './archive.ts';
import { sha256File } from './files.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, contentDigest, type Manifest } from './manifest.ts';
import { RESTORE_EXIT, restoreBackup } from './restore.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'lantern-refusal-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function archive(edit: (m: Manifest, staging: string) => void): Promise<string> {
  const staging = temp();
  mkdirSync(join(staging, 'db'));
  writeFileSync(join(staging, 'db', 'public.users.jsonl'), '{"id":"u1"}\n');
  const files = [{ path: 'db/public.users.jsonl', sha256: await sha256File(join(staging, 'db', 'public.users.jsonl')), bytes: 12 }];
  const migrations = await listMigrations();
  const m: Manifest = {
    format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: new Date().toISOString(),
    app: { name: '@lantern/sync-server', version: '0.1.0', commit: null, node: '20' }, postgres: '18',
    schema: { version: 13, migrations },
    database: { tables: [{ schema: 'public', name: 'users', columns: ['id'], rows: 1, file: 'db/public.users.jsonl' }], sequences: [], changeSeq: '0', auditEvents: 0 },
    secrets: [], files, contentDigest: contentDigest(files),
  };
  edit(m, staging);
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify(m));
  const out = join(temp(), 'a.backup');
  await packArchive(staging, out, null);
  return out;
}

const restore = (from: string) => restoreBackup({ from, dataDir: join(temp(), 'target'), databaseUrl: null, auditCheckpoints: {}, tokenSecret: null, passphrase: null });

describe('restore refuses before touching a database', () => {
  it('an archive written by a newer server (a migration this build does not know)', async () => {
    const from = await archive((m) => {
      m.schema.migrations.push('9999_from_the_future.sql');
      m.schema.version = 9999;
    });
    await expect(restore(from)).rejects.toMatchObject({ reason: 'newer-schema', message: expect.stringMatching(/schema 9999/) });
    expect(RESTORE_EXIT['newer-schema']).toBe(4);
  });

  it('a manifest whose file list was edited, and a file changed after the manifest was written', async () => {
    const edited = await archive((m) => {
      const f = m.files[0];
      if (f !== undefined) f.bytes = 13;
    });
    await expect(restore(edited)).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringMatching(/checksum/) });
    const changed = await archive((_m, staging) => writeFileSync(join(staging, 'db', 'public.users.jsonl'), '{"id":"u2"}\n'));
    await expect(restore(changed)).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringMatching(/public\.users\.jsonl/) });
    expect(RESTORE_EXIT.corrupt).toBe(3);
  });

  it('a file that is not a backup at all', async () => {
    const from = join(temp(), 'notes.txt');
    writeFileSync(from, 'not an archive');
    await expect(restore(from)).rejects.toMatchObject({ reason: 'corrupt' });
  });
});
