/**
 * A consistent logical dump of the Lantern database, taken in ONE snapshot (a REPEATABLE READ, READ
 * ONLY transaction, as pg_dump does), table by table as JSON lines, plus the sequences.
 * Why not pg_dump: the embedded Postgres ships no pg_dump, and a distribution's pg_dump refuses a
 * newer server; this reads through the same driver the server uses, for any Postgres it runs on.
 * Rows travel as Postgres's own `to_jsonb` text and are never parsed in JavaScript, so bigint,
 * numeric and timestamp values keep full precision. Generated columns are left out (restore
 * recomputes them); a partitioned table is read through its parent, once.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type pg from 'pg';
import { z } from 'zod';
import type { Manifest } from './manifest.ts';

export const DUMPED_SCHEMAS = ['public', 'audit'];
const FETCH_ROWS = 2000;

const TableRow = z.object({ schema: z.string(), name: z.string() });
const ColumnRow = z.object({ name: z.string(), generated: z.string() });
const SequenceRow = z.object({ schema: z.string(), name: z.string(), last_value: z.coerce.string().nullable() });

type DatabaseManifest = Manifest['database'];

const ident = (c: pg.ClientBase, schema: string, name: string): string => `${c.escapeIdentifier(schema)}.${c.escapeIdentifier(name)}`;

/** Writes `db/<schema>.<table>.jsonl` under `dir`; the caller owns the client. */
export async function dumpDatabase(c: pg.ClientBase, dir: string): Promise<{ database: DatabaseManifest; migrations: string[]; postgres: string }> {
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const postgres = z.object({ server_version: z.string() }).parse((await c.query('SHOW server_version')).rows[0]).server_version;
    const tables = z.array(TableRow).parse((await c.query(
      `SELECT n.nspname AS schema, t.relname AS name FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition AND n.nspname = ANY($1) ORDER BY 1, 2`, [DUMPED_SCHEMAS])).rows);
    const out: DatabaseManifest['tables'] = [];
    for (const t of tables) {
      const cols = z.array(ColumnRow).parse((await c.query(
        `SELECT a.attname AS name, a.attgenerated::text AS generated FROM pg_attribute a
         WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [ident(c, t.schema, t.name)])).rows);
      const columns = cols.filter((x) => x.generated === '').map((x) => x.name);
      const dropped = cols.filter((x) => x.generated !== '').map((x) => x.name);
      const file = `db/${t.schema}.${t.name}.jsonl`;
      const stream = createWriteStream(join(dir, file), { mode: 0o600 });
      const cursor = `dump_${out.length}`;
      const drop = dropped.length === 0 ? '' : ` - ${c.escapeLiteral(`{${dropped.join(',')}}`)}::text[]`;
      await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT (to_jsonb(t)${drop})::text AS j FROM ${ident(c, t.schema, t.name)} t`);
      let rows = 0;
      for (;;) {
        const r = await c.query<{ j: string }>(`FETCH ${FETCH_ROWS} FROM ${cursor}`);
        for (const row of r.rows) {
          if (!stream.write(`${row.j}\n`)) await once(stream, 'drain');
        }
        rows += r.rows.length;
        if (r.rows.length < FETCH_ROWS) break;
      }
      await c.query(`CLOSE ${cursor}`);
      stream.end();
      await once(stream, 'finish');
      out.push({ schema: t.schema, name: t.name, columns, rows, file });
    }
    const sequences = z.array(SequenceRow).parse((await c.query(
      'SELECT schemaname AS schema, sequencename AS name, last_value FROM pg_sequences WHERE schemaname = ANY($1) ORDER BY 1, 2', [DUMPED_SCHEMAS])).rows)
      .map((s) => ({ schema: s.schema, name: s.name, lastValue: s.last_value }));
    const changeSeq = sequences.find((s) => s.schema === 'public' && s.name === 'change_seq')?.lastValue ?? '0';
    const migrations = z.array(z.object({ name: z.string() })).parse((await c.query('SELECT name FROM schema_migrations ORDER BY name')).rows).map((m) => m.name);
    const auditEvents = out.find((t) => t.schema === 'audit' && t.name === 'events')?.rows ?? 0;
    await c.query('COMMIT');
    return { database: { tables: out, sequences, changeSeq, auditEvents }, migrations, postgres };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
