/**
 * Numbered migrations for the local store (CONVENTIONS.md #11): `migrations/NNNN_name.sql`, applied
 * in order inside one transaction each and recorded with a checksum in `schema_migrations`, so an
 * edited migration that already shipped is caught instead of silently diverging.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3-multiple-ciphers';
import { LanternError, err, ok, type Result } from '@lantern/core';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `migrations/*.sql` beside this file, sorted by number; a gap or duplicate is a bug. */
export function loadMigrations(dir: string = fileURLToPath(new URL('./migrations/', import.meta.url))): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, m: MIGRATION_FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2] ?? file, sql: readFileSync(`${dir}/${file}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Local store migrations must be numbered 0001, 0002, ... without gaps (found ${m.version} at position ${i + 1})`);
  });
  return migrations;
}

const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');

let cached: Migration[] | undefined;

/** Brings the schema up to date. Returns the schema version now in the file. */
export function migrate(db: Database.Database, migrations: Migration[] = (cached ??= loadMigrations())): Result<number, LanternError> {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as { version: number; checksum: string }[];
  const latestKnown = migrations.length;
  for (const row of applied) {
    if (row.version > latestKnown) {
      return err(new LanternError('UNAVAILABLE', `The local store has schema version ${row.version}, newer than this Lantern (${latestKnown}); update Lantern`));
    }
    const m = migrations[row.version - 1];
    if (m !== undefined && checksum(m.sql) !== row.checksum) {
      return err(new LanternError('INTERNAL', `Local store migration ${row.version} (${m.name}) was edited after it shipped`));
    }
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, checksum(m.sql), new Date().toISOString());
    }).immediate();
  }
  return ok(latestKnown);
}
