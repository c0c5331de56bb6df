/**
 * Applies the numbered SQL migrations in `./migrations` (CONVENTIONS.md #11: never edit one that
 * has shipped; add the next number). One transaction under an advisory lock, so several app
 * servers starting at once apply each migration exactly once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { z } from 'zod';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Arbitrary constant: the advisory lock key of the migration runner. */
const MIGRATION_LOCK = 7_345_001;

const AppliedRow = z.object({ name: z.string() });

export async function listMigrations(): Promise<string[]> {
  const files = await readdir(MIGRATIONS_DIR);
  return files.filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

/** Returns the names of the migrations applied by this call. */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const applied: string[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(z.array(AppliedRow).parse((await client.query('SELECT name FROM schema_migrations')).rows).map((r) => r.name));
    for (const name of await listMigrations()) {
      if (done.has(name)) continue;
      const sql = await readFile(`${MIGRATIONS_DIR}${name}`, 'utf8');
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  return applied;
}
