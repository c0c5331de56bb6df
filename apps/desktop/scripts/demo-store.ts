/**
 * pnpm demo:store -- --out DIR --patients N [--seed S] [--force]
 *
 * Writes an encrypted demo store (DIR/lantern-demo.db) and its 0600 key file (DIR/lantern-demo.key),
 * then prints exactly one line of JSON on stdout:
 *   {"db": "<path>", "keyFile": "<path>", "patients": [{"id": "...", "mrn": "...", "name": "..."}]}
 * (the first 20 patients). Messages go to stderr; bad arguments exit with code 2.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePatients } from '@lantern/core/synthetic';
import { openStore } from '../src/host/store/open-store.ts';
import { keyFileProvider } from '../src/host/store/key/key-file.ts';
import { seedStore } from '../src/host/store/seed-synthetic.ts';

const USAGE = 'usage: pnpm demo:store -- --out DIR --patients N [--seed S] [--force]\n  N: 1..100000 patients; --force replaces an existing demo store in DIR';
const MAX_PATIENTS = 100_000;

function fail(message: string, code: number): never {
  process.stderr.write(`demo:store: ${message}\n`);
  process.exit(code);
}

function parse(): { out: string; patients: number; seed: number; force: boolean } {
  let values: { out?: string | undefined; patients?: string | undefined; seed?: string | undefined; force?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: { out: { type: 'string' }, patients: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`${e instanceof Error ? e.message : 'bad arguments'}\n${USAGE}`, 2);
  }
  if (values.help === true) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.out === undefined || values.out === '') fail(`--out DIR is required\n${USAGE}`, 2);
  if (values.patients === undefined) fail(`--patients N is required\n${USAGE}`, 2);
  const patients = Number(values.patients);
  if (!/^\d+$/.test(values.patients) || patients < 1 || patients > MAX_PATIENTS) fail(`--patients must be a whole number from 1 to ${MAX_PATIENTS}, got "${values.patients}"\n${USAGE}`, 2);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a non-negative integer\n${USAGE}`, 2);
  return { out: resolve(values.out), patients, seed, force: values.force === true };
}

async function main(): Promise<void> {
  const args = parse();
  const db = resolve(args.out, 'lantern-demo.db');
  const keyFile = resolve(args.out, 'lantern-demo.key');
  if (existsSync(db) || existsSync(keyFile)) {
    if (!args.force) fail(`${args.out} already holds a demo store; pass --force to replace it`, 2);
    for (const f of [db, `${db}-wal`, `${db}-shm`, keyFile]) rmSync(f, { force: true });
  }
  mkdirSync(args.out, { recursive: true, mode: 0o700 });
  const opened = await openStore({ path: db, keyProvider: keyFileProvider({ path: keyFile, createIfMissing: true }) });
  if (!opened.ok) fail(`${opened.error.code}: ${opened.error.message}`, 1);
  const store = opened.value;
  const started = Date.now();
  const seeded = seedStore(store, generatePatients({ seed: args.seed, count: args.patients }), { lastUpdated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  store.close();
  if (!seeded.ok) fail(`${seeded.error.code}: ${seeded.error.message}`, 1);
  process.stderr.write(`demo:store: ${seeded.value.count} patients, ${seeded.value.resources} resources in ${Date.now() - started} ms\n`);
  process.stdout.write(`${JSON.stringify({ db, keyFile, patients: seeded.value.first })}\n`);
}

main().catch(() => fail('unexpected failure (no details are printed: they could hold patient data)', 1));
