/**
 * Citus readiness checks (docs.citusdata.com, "Choosing a distribution column" and "Table
 * management"): on a distributed table every primary key and unique constraint must contain the
 * distribution column, a foreign key between two distributed tables must join on it, no reference
 * or local table may point into a distributed one, and nothing but a local table into a local one; a query on a distributed table is
 * routed to one shard only when it filters by the distribution column, anything else fans out to
 * every shard. These functions find what breaks those rules, in the live schema and in the SQL text
 * of the source; citus-readiness.int.test.ts fails on any finding the allow-lists do not explain.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Queryable } from '../database.ts';
import { DISTRIBUTION_COLUMN, type TablePlacement } from './distribution.ts';

export interface SchemaFinding {
  table: string;
  rule: 'unclassified' | 'no-distribution-column' | 'nullable-distribution-column' | 'unique-without-distribution-column' | 'foreign-key-without-distribution-column' | 'foreign-key-into-distributed' | 'foreign-key-into-local';
  detail: string;
}

const TableRow = z.object({ name: z.string() });
const ColRow = z.object({ name: z.string(), nullable: z.boolean() });
const UniqueRow = z.object({ table_name: z.string(), name: z.string(), cols: z.array(z.string()) });
const FkRow = z.object({ table_name: z.string(), ref_table: z.string(), name: z.string(), cols: z.array(z.string()), ref_cols: z.array(z.string()) });

/** Tables of the public and audit schemas, as `name` or `audit.name`. */
const QUALIFIED = "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END";

export async function schemaFindings(db: Queryable, placement: Readonly<Record<string, TablePlacement>>): Promise<SchemaFinding[]> {
  const out: SchemaFinding[] = [];
  const tables = z.array(TableRow).parse((await db.query(
    `SELECT ${QUALIFIED} AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'audit') ORDER BY 1`,
  )).rows).map((r) => r.name);
  const kind = (t: string) => placement[t]?.kind;
  for (const t of tables) if (kind(t) === undefined) out.push({ table: t, rule: 'unclassified', detail: 'not in db/citus/distribution.ts: say whether it is distributed, reference or local' });

  // Unique constraints and unique indexes (a unique index is a constraint to Citus too).
  const uniques = z.array(UniqueRow).parse((await db.query(
    `SELECT ${QUALIFIED} AS table_name, i.relname AS name,
       array(SELECT a.attname::text FROM unnest(x.indkey) k JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k) AS cols
     FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indisunique AND n.nspname IN ('public', 'audit')`,
  )).rows);
  const fks = z.array(FkRow).parse((await db.query(
    `SELECT ${QUALIFIED} AS table_name,
       (SELECT CASE WHEN rn.nspname = 'public' THEN rc.relname ELSE rn.nspname || '.' || rc.relname END FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = k.confrelid) AS ref_table,
       k.conname AS name,
       array(SELECT a.attname::text FROM unnest(k.conkey) q JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = q) AS cols,
       array(SELECT a.attname::text FROM unnest(k.confkey) q JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = q) AS ref_cols
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname IN ('public', 'audit')`,
  )).rows);

  for (const t of tables.filter((x) => kind(x) === 'distributed')) {
    const [schema, name] = t.includes('.') ? (t.split('.') as [string, string]) : ['public', t];
    const cols = z.array(ColRow).parse((await db.query(
      "SELECT column_name AS name, is_nullable = 'YES' AS nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
      [schema, name],
    )).rows);
    const dist = cols.find((c) => c.name === DISTRIBUTION_COLUMN);
    if (dist === undefined) out.push({ table: t, rule: 'no-distribution-column', detail: `no ${DISTRIBUTION_COLUMN} column` });
    else if (dist.nullable) out.push({ table: t, rule: 'nullable-distribution-column', detail: `${DISTRIBUTION_COLUMN} may be NULL` });
    for (const u of uniques.filter((x) => x.table_name === t && !x.cols.includes(DISTRIBUTION_COLUMN))) {
      out.push({ table: t, rule: 'unique-without-distribution-column', detail: `${u.name} (${u.cols.join(', ')})` });
    }
  }
  for (const f of fks) {
    const from = kind(f.table_name);
    const to = kind(f.ref_table);
    // A distributed or reference table cannot reference a table that stays on the coordinator.
    if (to === 'local' && from !== 'local') out.push({ table: f.table_name, rule: 'foreign-key-into-local', detail: `${f.name} -> ${f.ref_table} from a ${from ?? 'unclassified'} table` });
    if (to !== 'distributed') continue;
    if (from !== 'distributed') {
      out.push({ table: f.table_name, rule: 'foreign-key-into-distributed', detail: `${f.name} -> ${f.ref_table} from a ${from ?? 'unclassified'} table` });
      continue;
    }
    const i = f.cols.indexOf(DISTRIBUTION_COLUMN);
    if (i < 0 || f.ref_cols[i] !== DISTRIBUTION_COLUMN) {
      out.push({ table: f.table_name, rule: 'foreign-key-without-distribution-column', detail: `${f.name} (${f.cols.join(', ')}) -> ${f.ref_table} (${f.ref_cols.join(', ')})` });
    }
  }
  return out;
}

export interface SqlFinding {
  /** Path relative to the package's src/. */
  file: string;
  table: string;
  /** The statement's first 160 characters, whitespace collapsed. */
  sql: string;
}

/** String and template literals of a TypeScript source (good enough for SQL: no nesting of backticks in SQL). */
export function stringLiterals(source: string): string[] {
  return [...source.matchAll(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)].map((m) => m[0].slice(1, -1));
}

const SQL_VERB = /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WITH)\b/i;

/**
 * Literals that read or write a distributed table without naming the distribution column. A
 * statement assembled from several literals is judged by each literal that names the table, so a
 * filter added in another fragment shows up here and is explained in the allow-list.
 */
export function sqlFindings(file: string, source: string, distributed: readonly string[]): SqlFinding[] {
  const out: SqlFinding[] = [];
  for (const lit of stringLiterals(source)) {
    if (!SQL_VERB.test(lit)) continue;
    for (const table of distributed) {
      const name = table.replace('.', '\\.');
      const uses = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE)\\s+${name}\\b(?!\\.)`, 'i');
      if (!uses.test(lit) || new RegExp(`\\b${DISTRIBUTION_COLUMN}\\b`).test(lit)) continue;
      out.push({ file, table, sql: lit.replace(/\s+/g, ' ').trim().slice(0, 160) });
    }
  }
  return out;
}

/** Every non-test .ts file under `root`, with its text. */
export async function sourceFiles(root: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.ts') && !/\.(int\.)?test\.ts$/.test(e.name) && !p.includes('/testing/')) out.push({ file: relative(root, p), text: await readFile(p, 'utf8') });
    }
  };
  await walk(root);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}
