/**
 * Citus readiness, checked on the real schema after every migration and on the SQL text of the
 * source (readiness.ts): fails on any table not placed in distribution.ts, any distributed table
 * whose keys or foreign keys leave out patient_id, any query on a distributed table that does not
 * name patient_id, unless allow-list.ts explains it; and 0015 must place tables exactly as listed.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../../testing/harness.ts';
import { ensureDatabase } from '../database.ts';
import { migrate } from '../migrate.ts';
import { ALLOWED_FAN_OUTS, ALLOWED_SCHEMA } from './allow-list.ts';
import { distributedTables, PLACEMENT } from './distribution.ts';
import { schemaFindings, sourceFiles, sqlFindings } from './readiness.ts';

let pgServer: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  client = new pg.Client({ connectionString: await ensureDatabase(pgServer.superuserUrl, 'citus_readiness') });
  client.on('error', () => undefined);
  await client.connect();
  await migrate(client);
}, 120_000);
afterAll(async () => {
  await client?.end().catch(() => undefined);
  await pgServer?.stop();
});

describe('Citus readiness', () => {
  it('every table is placed, and every distributed table keys and links by patient_id (or the exception is explained)', async () => {
    const findings = await schemaFindings(client, PLACEMENT);
    const unexplained = findings.filter((f) => !ALLOWED_SCHEMA.some((a) => a.table === f.table && a.rule === f.rule && f.detail.includes(a.match)));
    expect(unexplained).toEqual([]);
    // An explanation for a problem that is gone must go too.
    const stale = ALLOWED_SCHEMA.filter((a) => !findings.some((f) => a.table === f.table && a.rule === f.rule && f.detail.includes(a.match)));
    expect(stale).toEqual([]);
  });

  it('every query on a distributed table filters by patient_id, or is a listed, deliberate fan-out', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const findings = (await sourceFiles(root)).flatMap((f) => sqlFindings(f.file, f.text, distributedTables()));
    const unexplained = findings.filter((f) => !ALLOWED_FAN_OUTS.some((a) => a.file === f.file && a.table === f.table));
    expect(unexplained).toEqual([]);
  });

  it('migration 0015 distributes and replicates exactly the tables placed so, and only when citus is installed', async () => {
    const sql = await readFile(fileURLToPath(new URL('../migrations/0015_citus_distribution.sql', import.meta.url)), 'utf8');
    const called = (fn: string) => [...sql.matchAll(new RegExp(`${fn}\\('([\\w.]+)'`, 'g'))].map((m) => m[1]).sort();
    const placed = (kind: string) => Object.entries(PLACEMENT).filter(([, p]) => p.kind === kind).map(([t]) => t).sort();
    expect(called('create_distributed_table')).toEqual(placed('distributed'));
    expect(called('create_reference_table')).toEqual(placed('reference'));
    expect(sql).toContain("SELECT 1 FROM pg_extension WHERE extname = 'citus'");
    // Here citus is not installed: 0015 was a no-op, nothing is distributed.
    expect((await client.query("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'citus'")).rows[0].n).toBe(0);
  });
});
