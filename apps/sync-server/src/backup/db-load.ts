/**
 * Loads a dump (db-dump.ts) into an EMPTY database: applies exactly the migrations the backup's
 * database had, inserts every table's rows as they were (audit rows keep their hashes: nothing is
 * recomputed), restores the sequences, and moves the change feed past any cursor a workstation can
 * hold (see RESUME_GAP). One transaction: a failed restore leaves nothing behind.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { z } from 'zod';
import type { Manifest } from './manifest.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../db/migrations/', import.meta.url));
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * How far the change feed jumps at a restore. Workstations that synced after the backup hold
 * cursors the restored server never issued (up to the old server's head, which the backup cannot
 * know). The old server would have had to write this many changes after the backup for a
 * workstation's cursor to reach past the jump; below it, every change written after the restore has
 * a sequence above any such cursor, so `sync.pull` delivers it to every workstation, and the cursor
 * simply follows the feed: no full resync, no client change.
 */
export const RESUME_GAP = 1_000_000_000_000n;

type Table = Manifest['database']['tables'][number];

const ident = (c: pg.ClientBase, schema: string, name: string): string => `${c.escapeIdentifier(schema)}.${c.escapeIdentifier(name)}`;

/** Tables ordered so that every foreign key's target is loaded first (when triggers cannot be paused). */
async function loadOrder(c: pg.ClientBase, tables: readonly Table[]): Promise<Table[]> {
  const r = await c.query('SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint WHERE contype = $1', ['f']);
  const edges = z.array(z.object({ child: z.string(), parent: z.string() })).parse(r.rows);
  const key = (t: Table) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`);
  const left = new Map(tables.map((t) => [key(t), t]));
  const out: Table[] = [];
  while (left.size > 0) {
    const ready = [...left.entries()].filter(([k]) => !edges.some((e) => e.child === k && e.parent !== k && left.has(e.parent)));
    const next = ready.length > 0 ? ready : [...left.entries()].slice(0, 1); // a cycle: load one and let Postgres judge
    for (const [k, t] of next) {
      out.push(t);
      left.delete(k);
    }
  }
  return out;
}

async function insertBatch(c: pg.ClientBase, t: Table, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const cols = t.columns.map((x) => c.escapeIdentifier(x)).join(', ');
  const target = ident(c, t.schema, t.name);
  await c.query(`INSERT INTO ${target} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM jsonb_populate_recordset(NULL::${target}, $1::jsonb)`, [`[${lines.join(',')}]`]);
}

async function loadTable(c: pg.ClientBase, dir: string, t: Table): Promise<number> {
  const rl = createInterface({ input: createReadStream(join(dir, t.file), 'utf8'), crlfDelay: Infinity });
  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  for await (const line of rl) {
    if (line === '') continue;
    batch.push(line);
    bytes += line.length;
    rows += 1;
    if (bytes >= BATCH_BYTES) {
      await insertBatch(c, t, batch);
      batch = [];
      bytes = 0;
    }
  }
  await insertBatch(c, t, batch);
  return rows;
}

/** Whether a database holds nothing of Lantern (no migrations table, no tables in its schemas). */
export async function databaseIsEmpty(c: pg.ClientBase): Promise<boolean> {
  const r = await c.query(`SELECT count(*)::int AS n FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE t.relkind IN ('r', 'p', 'S') AND n.nspname IN ('public', 'audit')`);
  return z.object({ n: z.number() }).parse(r.rows[0]).n === 0;
}

export async function loadDatabase(c: pg.ClientBase, dir: string, manifest: Manifest): Promise<{ rows: number; changeSeq: string }> {
  // Pausing triggers (foreign keys included) needs a superuser: the embedded cluster's owner is one.
  // Otherwise rows go in foreign-key order with every constraint checked.
  const paused = await c.query('SET session_replication_role = replica').then(() => true, () => false);
  await c.query('BEGIN');
  try {
    // The schema exactly as the backup's database had it; its `schema_migrations` rows come with the data.
    await c.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const name of manifest.schema.migrations) await c.query(await readFile(join(MIGRATIONS_DIR, name), 'utf8'));
    // Migrations may seed rows (reference data): the backup's rows replace them.
    const order = paused ? manifest.database.tables : await loadOrder(c, manifest.database.tables);
    for (const t of [...order].reverse()) await c.query(`DELETE FROM ${ident(c, t.schema, t.name)}`);
    let rows = 0;
    for (const t of order) rows += await loadTable(c, dir, t);
    for (const s of manifest.database.sequences) {
      if (s.lastValue !== null) await c.query('SELECT setval($1::regclass, $2::bigint, true)', [ident(c, s.schema, s.name), s.lastValue]);
    }
    const resume = (BigInt(manifest.database.changeSeq) + RESUME_GAP).toString();
    await c.query("SELECT setval('public.change_seq', $1::bigint, true)", [resume]);
    await c.query('COMMIT');
    return { rows, changeSeq: resume };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    if (paused) await c.query('SET session_replication_role = DEFAULT').catch(() => undefined);
  }
}
